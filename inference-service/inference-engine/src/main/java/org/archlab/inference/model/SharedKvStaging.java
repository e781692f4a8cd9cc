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
 * sliding layer whose cache is a ring of the window, a sequence's later tokens in the batch have by then
 * overwritten the positions its earlier tokens attend to. For a sequence with several rows in the batch whose
 * positions wrap its ring, such a source therefore also stores into a staging ring of the window plus a batch,
 * seeded with the positions before the batch, and its sharers read that. The staging is working memory for one
 * batch (like the batch's activations), not part of the context's KV cache; a batch holding several sequences'
 * prefill chunks uses one staging ring per chunk. One token of a sequence needs no staging: the ring holds every
 * position the token attends to.
 */
final class SharedKvStaging {

    private final List<LayerPlan> plans;
    private final int maxBatch;
    /** Per layer whose cache a sharing layer reads, then per segment of the batch: a staging ring, made on first use. */
    private final LayerCache[][] staging;
    private final boolean[] shared;

    SharedKvStaging(ArchitectureSpec spec, int maxBatch) {
        this.plans = spec.layerPlans();
        this.maxBatch = maxBatch;
        this.staging = new LayerCache[plans.size()][];
        this.shared = new boolean[plans.size()];
        for (LayerPlan plan : plans) {
            if (!plan.ownsCache()) {
                shared[plan.kvSharedFrom()] = true;
            }
        }
    }

    /** The caches layer {@code plan} stores into and reads for segment {@code segment} of the batch. */
    KvSlots slots(LayerPlan plan, StepRows rows, int segment) {
        ContextMemory memory = rows.segmentMemory(segment);
        int first = rows.segmentFirstPosition(segment);
        int count = rows.segmentLength[segment];
        if (!plan.ownsCache()) {
            int source = plan.kvSharedFrom();
            LayerCache sourceCache = memory.cache(source);
            LayerCache read = wraps(sourceCache, first, count) ? stage(source, segment, sourceCache) : sourceCache;
            return new KvSlots(null, null, read);
        }
        LayerCache own = memory.cache(plan.index());
        if (!shared[plan.index()] || !wraps(own, first, count)) {
            return KvSlots.own(own);
        }
        LayerCache stage = stage(plan.index(), segment, own);
        for (int p = Math.max(0, first - own.capacity()); p < first; p++) {
            stage.copyPosition(own, p);
        }
        return new KvSlots(own, stage, own);
    }

    /** Whether storing a segment's rows one by one overwrites positions its earlier rows still attend to. */
    private static boolean wraps(LayerCache cache, int first, int count) {
        return count > 1 && cache.capacity() < first + count;
    }

    private LayerCache stage(int layer, int segment, LayerCache ring) {
        if (staging[layer] == null) {
            staging[layer] = new LayerCache[maxBatch];
        }
        LayerCache stage = staging[layer][segment];
        if (stage == null || stage.capacity() < ring.capacity() + maxBatch || stage.type() != ring.type()) {
            // The ring's own type: staged keys and values are the very numbers the ring holds.
            stage = new LayerCache(ring.capacity() + maxBatch, ring.kvHeads(), ring.headDim(), ring.valueDim(), ring.type());
            staging[layer][segment] = stage;
        }
        return stage;
    }
}
