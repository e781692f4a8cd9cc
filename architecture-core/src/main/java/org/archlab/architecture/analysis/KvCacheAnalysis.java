package org.archlab.architecture.analysis;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Attention;
import org.archlab.architecture.spec.Dtype;
import org.archlab.architecture.spec.LayerPlan;
import org.archlab.architecture.spec.LinearAttention;
import org.archlab.architecture.spec.Mixer;

import java.util.EnumMap;
import java.util.Map;

/**
 * What a model caches while it generates, in bytes, at a KV dtype, context length and batch size.
 * Full-attention layers keep every token's keys and values; sliding-window and chunked layers keep at
 * most a window or chunk of them; latent (MLA) layers keep one compressed latent plus a shared RoPE key
 * per token; linear-attention layers keep a constant recurrent state and convolution tail.
 * Quantized cache rows are padded to whole blocks, as the engine stores them.
 * A layer that reads an earlier layer's cache ({@code schedule.kvSharedLayers}, Gemma 3n) adds nothing: the
 * shared cache is counted once, at the layer that writes it. Such layers are counted in their kind's
 * {@code sharedLayers}, not in its {@code layers}.
 *
 * @param dtype         cache storage type
 * @param context       tokens in the context
 * @param batch         sequences
 * @param bytesPerToken what one more token adds across all layers while no window is full, for one sequence
 * @param totalBytes    everything cached at this context and batch
 * @param byLayerKind   the same, per kind of layer
 */
public record KvCacheAnalysis(Dtype dtype, long context, int batch, long bytesPerToken, long totalBytes,
                              Map<CacheKind, KindTotals> byLayerKind) {

    /** The cache layout of a layer. */
    public enum CacheKind { FULL, SLIDING, CHUNKED, LATENT, LINEAR_STATE }

    /**
     * @param layers                  layers of this kind that keep a cache (or a recurrent state) of their own
     * @param sharedLayers            layers of this kind that read another layer's cache and keep none
     * @param bytesPerTokenPerLayer   bytes one token adds to one such layer (0 for a recurrent state)
     * @param cachedTokensPerLayer    tokens one such layer holds at this context
     * @param fixedBytesPerLayer      context-independent bytes per layer per sequence (recurrent state)
     * @param totalBytes              all layers of this kind at this context and batch
     */
    public record KindTotals(int layers, int sharedLayers, long bytesPerTokenPerLayer, long cachedTokensPerLayer, long fixedBytesPerLayer,
                             long totalBytes) {
    }

    public static KvCacheAnalysis of(ArchitectureSpec spec, Dtype dtype, long context, int batch) {
        return of(spec, dtype, dtype, context, batch);
    }

    /**
     * Like {@link #of(ArchitectureSpec, Dtype, long, int)} with the recurrent states of linear-attention layers in a
     * format of their own: an engine may keep them in F32 whatever its KV cache format, as ArchLab's and llama.cpp's do,
     * since a state is rewritten every token and a rounding there would accumulate.
     */
    public static KvCacheAnalysis of(ArchitectureSpec spec, Dtype dtype, Dtype stateDtype, long context, int batch) {
        long perToken = 0;
        long total = 0;
        var kinds = new EnumMap<CacheKind, KindTotals>(CacheKind.class);
        for (LayerPlan layer : spec.layerPlans()) {
            CacheKind kind = kindOf(spec, layer);
            long rowBytes = layerBytesPerToken(spec, kind, dtype);
            long tokens = cachedTokens(spec.attention(), kind, context);
            long fixed = kind == CacheKind.LINEAR_STATE ? stateBytes(spec.linearAttention(), stateDtype) : 0;
            long layerTotal = 0;
            if (layer.ownsCache()) {
                layerTotal = Math.multiplyExact(Math.addExact(Math.multiplyExact(rowBytes, tokens), fixed), (long) batch);
                perToken += rowBytes;
                total = Math.addExact(total, layerTotal);
            }
            int owning = layer.ownsCache() ? 1 : 0;
            kinds.merge(kind, new KindTotals(owning, 1 - owning, rowBytes, tokens, fixed, layerTotal),
                    (a, b) -> new KindTotals(a.layers() + b.layers(), a.sharedLayers() + b.sharedLayers(),
                            a.bytesPerTokenPerLayer(), a.cachedTokensPerLayer(), a.fixedBytesPerLayer(),
                            a.totalBytes() + b.totalBytes()));
        }
        return new KvCacheAnalysis(dtype, context, batch, perToken, total, Map.copyOf(kinds));
    }

    static CacheKind kindOf(ArchitectureSpec spec, LayerPlan layer) {
        if (layer.mixer() == Mixer.LINEAR) {
            return CacheKind.LINEAR_STATE;
        }
        if (spec.attention().isLatent()) {
            return CacheKind.LATENT;
        }
        return switch (layer.mixer()) {
            case SLIDING -> CacheKind.SLIDING;
            case CHUNKED -> CacheKind.CHUNKED;
            default -> CacheKind.FULL;
        };
    }

    /** Bytes one cached token occupies in one layer of this kind. */
    public static long layerBytesPerToken(ArchitectureSpec spec, CacheKind kind, Dtype dtype) {
        Attention a = spec.attention();
        return switch (kind) {
            case LINEAR_STATE -> 0;
            case LATENT -> dtype.rowBytes(a.mla().kvLoraRank()) + dtype.rowBytes(a.mla().qkRopeHeadDim());
            default -> (long) a.kvHeads() * (dtype.rowBytes(a.headDim()) + dtype.rowBytes(a.valueHeadDim()));
        };
    }

    /** Tokens a layer of this kind holds at a context length. */
    public static long cachedTokens(Attention attention, CacheKind kind, long context) {
        return switch (kind) {
            case LINEAR_STATE -> 0;
            case SLIDING -> Math.min(context, attention.slidingWindow());
            case CHUNKED -> Math.min(context, attention.chunkSize());
            default -> context;
        };
    }

    /** The recurrent state (a keyHeadDim × valueHeadDim matrix per value head) plus the convolution's last kernel−1 inputs. */
    public static long stateBytes(LinearAttention l, Dtype dtype) {
        long state = (long) l.valueHeads() * l.keyHeadDim() * dtype.rowBytes(l.valueHeadDim());
        long conv = (long) (l.convKernel() - 1) * dtype.rowBytes(l.convChannels());
        return state + conv;
    }

}
