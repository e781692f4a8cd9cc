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
 * none of its own. Allocated once for the longest sequence the model will see. The KV caches are kept in a
 * {@link KvCacheType}; recurrent states always in F32.
 */
public final class ContextMemory {

    private final List<LayerCache> caches = new ArrayList<>();
    private final List<RecurrentState> states = new ArrayList<>();
    private final int maxTokens;
    private final KvCacheType kvType;

    /** A memory whose KV caches are F32. */
    public ContextMemory(ArchitectureSpec spec, int maxTokens) {
        this(spec, maxTokens, KvCacheType.F32);
    }

    public ContextMemory(ArchitectureSpec spec, int maxTokens, KvCacheType kvType) {
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
                states.add(new RecurrentState(linear.convChannels(), linear.convKernel(), linear.valueHeads(),
                        linear.keyHeadDim(), linear.valueHeadDim()));
                continue;
            }
            if (!plan.ownsCache()) {
                caches.add(null);
                states.add(null);
                continue;
            }
            int capacity = switch (plan.mixer()) {
                case SLIDING -> Math.min(maxTokens, a.slidingWindow());
                case CHUNKED -> Math.min(maxTokens, a.chunkSize());
                default -> maxTokens;
            };
            caches.add(a.isLatent() ? LayerCache.latent(capacity, a.mla().kvLoraRank(), a.mla().qkRopeHeadDim(), kvType)
                    : new LayerCache(capacity, a.kvHeads(), a.headDim(), a.valueHeadDim(), kvType));
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
        return caches.get(layer);
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
        for (LayerCache cache : caches) {
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

    /** Bytes held, as allocated. */
    public long bytes() {
        return caches.stream().filter(Objects::nonNull).mapToLong(LayerCache::bytes).sum()
                + states.stream().filter(Objects::nonNull).mapToLong(RecurrentState::bytes).sum();
    }
}
