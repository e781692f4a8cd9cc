package org.archlab.inference.cache;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Attention;
import org.archlab.architecture.spec.LayerPlan;
import org.archlab.architecture.spec.LinearAttention;
import org.archlab.architecture.spec.Mixer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Everything a model remembers about one sequence, layer by layer: a KV cache for each attention layer
 * (full, a ring buffer of the window or chunk, or the MLA latent) and a recurrent state for each
 * linear-attention layer. A layer that reads another layer's KV cache ({@link LayerPlan#kvSharedFrom()}) has
 * none of its own. Sized once for the longest sequence the model will see: allocated then, or, for a memory made
 * {@link #onFirstUse}, layer by layer when a layer's cache is first asked for. The KV caches are kept in a
 * {@link KvCacheType}; recurrent states always in F32.
 */
public final class ContextMemory {

    private final List<LayerCache> caches = new ArrayList<>();
    /** Per layer: its KV cache's shape, null where the layer has none. */
    private final List<CacheShape> shapes = new ArrayList<>();
    private final List<RecurrentState> states = new ArrayList<>();
    private final int maxTokens;
    private final KvCacheType kvType;

    /** A memory whose KV caches are F32 and allocated now. */
    public ContextMemory(ArchitectureSpec spec, int maxTokens) {
        this(spec, maxTokens, KvCacheType.F32);
    }

    /** A memory whose KV caches are kept in {@code kvType} and allocated now. */
    public ContextMemory(ArchitectureSpec spec, int maxTokens, KvCacheType kvType) {
        this(spec, maxTokens, kvType, true);
    }

    /**
     * A memory whose KV caches are allocated only when a layer's cache is first asked for: a transformer's own
     * memory, which stays empty while a backend's resident decoder keeps the sequence's cache on its device.
     */
    public static ContextMemory onFirstUse(ArchitectureSpec spec, int maxTokens, KvCacheType kvType) {
        return new ContextMemory(spec, maxTokens, kvType, false);
    }

    private ContextMemory(ArchitectureSpec spec, int maxTokens, KvCacheType kvType, boolean allocateNow) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, was " + maxTokens);
        }
        this.maxTokens = maxTokens;
        this.kvType = kvType;
        Attention a = spec.attention();
        LinearAttention linear = spec.linearAttention();
        for (LayerPlan plan : spec.layerPlans()) {
            if (plan.mixer() == Mixer.LINEAR) {
                caches.add(null);
                shapes.add(null);
                states.add(new RecurrentState(linear.convChannels(), linear.convKernel(), linear.valueHeads(),
                        linear.keyHeadDim(), linear.valueHeadDim()));
                continue;
            }
            if (!plan.ownsCache()) {
                caches.add(null);
                shapes.add(null);
                states.add(null);
                continue;
            }
            int capacity = switch (plan.mixer()) {
                case SLIDING -> Math.min(maxTokens, a.slidingWindow());
                case CHUNKED -> Math.min(maxTokens, a.chunkSize());
                default -> maxTokens;
            };
            CacheShape shape = a.isLatent() ? CacheShape.latent(capacity, a.mla().kvLoraRank(), a.mla().qkRopeHeadDim(), kvType)
                    : new CacheShape(capacity, a.kvHeads(), a.headDim(), a.valueHeadDim(), false, kvType);
            shapes.add(shape);
            caches.add(allocateNow ? shape.allocate() : null);
            states.add(null);
        }
    }

    /** Positions this memory was allocated for: the longest sequence it can hold. */
    public int maxTokens() {
        return maxTokens;
    }

    /** The format the KV caches keep keys and values in. */
    public KvCacheType kvType() {
        return kvType;
    }

    /** The KV cache of an attention layer (null for a linear-attention layer and for one that shares another's). */
    public LayerCache cache(int layer) {
        LayerCache cache = caches.get(layer);
        if (cache == null && shapes.get(layer) != null) {
            cache = shapes.get(layer).allocate();
            caches.set(layer, cache);
        }
        return cache;
    }

    /** The recurrent state of a linear-attention layer (null for an attention layer). */
    public RecurrentState state(int layer) {
        return states.get(layer);
    }

    /** A new sequence begins: recurrent states forget (KV caches are simply overwritten by position). */
    public void startSequence() {
        states.stream().filter(Objects::nonNull).forEach(RecurrentState::clear);
    }

    /**
     * Fills the memory as if {@code positions} tokens had been processed, with random keys, values and
     * states, so that decode speed at a long context can be measured without prefilling it first:
     * attention and state updates cost the same whatever the cached numbers are.
     */
    public void fillSynthetic(int positions, long seed) {
        var random = new SplittableRandom(seed);
        for (int layer = 0; layer < caches.size(); layer++) {
            LayerCache cache = cache(layer);
            if (cache != null) {
                cache.fillRandom(positions, random);
            }
        }
        for (RecurrentState state : states) {
            if (state != null) {
                state.fillRandom(random);
            }
        }
    }

    /** Bytes the KV caches and recurrent states take in use: all of them, whether allocated yet or not. */
    public long bytes() {
        return shapes.stream().filter(Objects::nonNull).mapToLong(CacheShape::bytes).sum() + stateBytes();
    }

    /** Bytes allocated so far: less than {@link #bytes()} while a memory made {@link #onFirstUse} has unused layers. */
    public long allocatedBytes() {
        return caches.stream().filter(Objects::nonNull).mapToLong(LayerCache::bytes).sum() + stateBytes();
    }

    private long stateBytes() {
        return states.stream().filter(Objects::nonNull).mapToLong(RecurrentState::bytes).sum();
    }

    /** One layer's KV cache before it is allocated: its bytes are known, its arrays not yet made. */
    private record CacheShape(int capacity, int kvHeads, int headDim, int valueDim, boolean latent, KvCacheType type) {

        /** The MLA latent plus the RoPE key per position, which serves as keys and (its latent part) values. */
        static CacheShape latent(int capacity, int latentDim, int ropeDim, KvCacheType type) {
            return new CacheShape(capacity, 1, latentDim + ropeDim, latentDim, true, type);
        }

        LayerCache allocate() {
            return latent ? LayerCache.latent(capacity, valueDim, headDim - valueDim, type)
                    : new LayerCache(capacity, kvHeads, headDim, valueDim, type);
        }

        /** What {@link LayerCache#bytes()} reports once allocated. */
        long bytes() {
            return (long) type.bytesPerValue() * capacity * kvHeads * (latent ? headDim : headDim + valueDim);
        }
    }
}
