package org.archlab.inference.model;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.LayerPlan;
import org.archlab.inference.cache.ContextMemory;
import org.archlab.inference.cache.LayerCache;
import org.archlab.inference.model.SoftmaxAttention.KvSlots;

import java.util.List;

/**
 * Which cache each attention layer stores into and reads, with KV sharing (Gemma 3n) taken into account.
 *
 * <p>A layer that shares another's cache runs after its source has processed the whole batch. When the source is a
 * sliding layer whose cache is a ring of the window, the batch's later tokens have by then overwritten the
 * positions its earlier tokens attend to. For batches, such a source therefore also stores into a staging ring of
 * the window plus a batch, seeded with the positions before the batch, and its sharers read that. The staging is
 * working memory for one batch (like the batch's activations), not part of the context's KV cache. One token at
 * a time needs no staging: the ring holds every position the token attends to.
 */
final class SharedKvStaging {

    private final List<LayerPlan> plans;
    private final ContextMemory memory;
    /** Per layer: the staging ring of a sliding source read by sharing layers, or null. */
    private final LayerCache[] staging;

    SharedKvStaging(ArchitectureSpec spec, ContextMemory memory, int maxTokens, int maxBatch) {
        this.plans = spec.layerPlans();
        this.memory = memory;
        this.staging = new LayerCache[plans.size()];
        for (LayerPlan plan : plans) {
            if (plan.ownsCache()) {
                continue;
            }
            int source = plan.kvSharedFrom();
            LayerCache ring = memory.cache(source);
            // A cache that holds every position the model runs (a full layer's) is never overwritten.
            if (staging[source] == null && ring != null && ring.capacity() < maxTokens) {
                staging[source] = new LayerCache(ring.capacity() + maxBatch, ring.kvHeads(), ring.headDim(), ring.valueDim());
            }
        }
    }

    /** The caches layer {@code plan} stores into and reads for a batch of {@code count} tokens from {@code firstPosition}. */
    KvSlots slots(LayerPlan plan, int firstPosition, int count) {
        if (!plan.ownsCache()) {
            int source = plan.kvSharedFrom();
            LayerCache read = count > 1 && staging[source] != null ? staging[source] : memory.cache(source);
            return new KvSlots(null, null, read);
        }
        LayerCache own = memory.cache(plan.index());
        LayerCache stage = staging[plan.index()];
        if (count == 1 || stage == null) {
            return KvSlots.own(own);
        }
        for (int p = Math.max(0, firstPosition - own.capacity()); p < firstPosition; p++) {
            stage.copyPosition(own, p);
        }
        return new KvSlots(own, stage, own);
    }
}
