package org.archlab.architecture.analysis;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Attention;
import org.archlab.architecture.spec.LayerPlan;
import org.archlab.architecture.spec.LinearAttention;
import org.archlab.architecture.spec.ResidualStreams;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Floating-point operations per token (a multiply-add counts as two).
 * <ul>
 *   <li>Weights: 2 × the active matrix parameters a token multiplies (token and position lookups are
 *       free, and so is the per-layer token table of Gemma 3n; a tied head is a matmul with the embedding
 *       matrix and counts). This includes the per-layer inputs' projection, gates and output projections,
 *       AltUp's stream projections and routers, and LAuReL's low-rank pair. A layer that reads an earlier
 *       layer's KV cache multiplies by no key or value projection.</li>
 *   <li>AltUp mixing: per layer, 2 × streams² × hidden to predict every stream from all of them and
 *       2 × streams × hidden to correct them (the coefficients come from the router matmul above).</li>
 *   <li>Softmax attention: 2 × heads × (query/key dim + value dim) per attended token, where a token at
 *       position p attends p tokens in a full layer, min(p, window) in a sliding one and its position
 *       within the chunk in a chunked one. MLA counts the naive form (per head, nope + rope + value dims).</li>
 *   <li>Gated DeltaNet: a constant 6 × valueHeads × keyHeadDim × valueHeadDim for the state decay,
 *       delta update and readout, plus 2 × kernel × channels for the convolution.</li>
 * </ul>
 * Decode counts the token at position {@code context}; prefill averages over a prompt of {@code context} tokens.
 *
 * @param context         the context length (decode) or prompt length (prefill)
 * @param weightFlops     per-token FLOPs of the weight matmuls
 * @param decodePerToken  FLOPs to generate the token at position {@code context}
 * @param prefillPerToken mean FLOPs per token of a prompt of {@code context} tokens
 */
public record FlopsAnalysis(long context, long weightFlops, double decodePerToken, double prefillPerToken) {

    public static FlopsAnalysis of(ArchitectureSpec spec, long context) {
        return of(spec, TensorLayout.of(spec), context);
    }

    static FlopsAnalysis of(ArchitectureSpec spec, List<TensorShape> tensors, long context) {
        long weights = 2 * activeMatrixElements(spec, tensors);
        double mixing = streamMixingFlops(spec);
        double decode = weights + mixing;
        double prefill = weights + mixing;
        for (LayerPlan layer : spec.layerPlans()) {
            var kind = KvCacheAnalysis.kindOf(spec, layer);
            if (kind == KvCacheAnalysis.CacheKind.LINEAR_STATE) {
                double recurrent = linearFlops(spec.linearAttention());
                decode += recurrent;
                prefill += recurrent;
                continue;
            }
            double perAttendedToken = 2.0 * spec.attention().heads() * attendedWidth(spec.attention());
            decode += perAttendedToken * attendedAt(spec.attention(), kind, context);
            prefill += perAttendedToken * attendedSum(spec.attention(), kind, context) / context;
        }
        return new FlopsAnalysis(context, weights, decode, prefill);
    }

    private static long activeMatrixElements(ArchitectureSpec spec, List<TensorShape> tensors) {
        var skipped = kvProjectionsOfSharedLayers(spec);
        long total = 0;
        for (TensorShape t : tensors) {
            if (!t.isMatrix() || t.component() == Component.MTP || t.name().equals("position_embd.weight")
                    || t.component().streamable() || skipped.contains(t.name())) {
                continue;
            }
            if (t.name().equals("token_embd.weight")) {
                total += spec.embeddings().tied() ? t.elements() : 0;
                continue;
            }
            total += t.routedExperts() ? t.elements() / spec.moe().experts() * spec.moe().topK() : t.elements();
        }
        return total;
    }

    /** The key and value projections that KV-shared layers carry but never multiply by. */
    private static Set<String> kvProjectionsOfSharedLayers(ArchitectureSpec spec) {
        var names = new HashSet<String>();
        for (LayerPlan layer : spec.layerPlans()) {
            if (!layer.ownsCache()) {
                names.add("blk." + layer.index() + ".attn_k.weight");
                names.add("blk." + layer.index() + ".attn_v.weight");
            }
        }
        return names;
    }

    private static double streamMixingFlops(ArchitectureSpec spec) {
        ResidualStreams r = spec.residualStreams();
        if (r == null) {
            return 0;
        }
        double s = r.streams();
        return spec.layers() * (2.0 * s * s * spec.hiddenSize() + 2.0 * s * spec.hiddenSize());
    }

    private static long attendedWidth(Attention a) {
        return a.isLatent() ? a.mla().queryHeadDim() + a.mla().valueHeadDim() : a.headDim() + a.valueHeadDim();
    }

    private static double linearFlops(LinearAttention l) {
        return 6.0 * l.valueHeads() * l.keyHeadDim() * l.valueHeadDim() + 2.0 * l.convKernel() * l.convChannels();
    }

    /** Tokens the token at position p (1-based) attends to. */
    private static double attendedAt(Attention a, KvCacheAnalysis.CacheKind kind, long p) {
        return switch (kind) {
            case SLIDING -> Math.min(p, a.slidingWindow());
            case CHUNKED -> (p - 1) % a.chunkSize() + 1;
            default -> p;
        };
    }

    /** Sum over p = 1..n of the tokens position p attends to. */
    private static double attendedSum(Attention a, KvCacheAnalysis.CacheKind kind, long n) {
        return switch (kind) {
            case SLIDING -> {
                long w = a.slidingWindow();
                yield n <= w ? n * (n + 1) / 2.0 : w * (w + 1) / 2.0 + (double) (n - w) * w;
            }
            case CHUNKED -> {
                long c = a.chunkSize();
                long full = n / c;
                long rest = n % c;
                yield full * (c * (c + 1) / 2.0) + rest * (rest + 1) / 2.0;
            }
            default -> n * (n + 1) / 2.0;
        };
    }
}
