package org.archlab.architecture.analysis;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Dtype;

/**
 * What a run of a spec with random weights takes in the inference engine's memory, the figure its memory budget is
 * checked against: the weights in the run's format plus the KV caches and recurrent states for a context, which the
 * engine keeps in F32 unless a run asks for F16 or BF16 KV caches (recurrent states are always F32), one set per
 * sequence of a batch (the weights are shared by the batch). Shared by the engine's own check and by whoever must
 * choose a variant that passes it.
 */
public final class RunMemory {

    private RunMemory() {
    }

    /** One sequence: the weights and one cache of {@code context} positions. */
    public static long bytes(ArchitectureSpec spec, Dtype weightDtype, long context) {
        return bytes(spec, weightDtype, context, 1);
    }

    /**
     * A batch: the weights once and {@code sequences} caches of {@code context} positions, as inference-service checks a
     * run of that batch against its memory budget.
     */
    public static long bytes(ArchitectureSpec spec, Dtype weightDtype, long context, int sequences) {
        if (sequences < 1) {
            throw new IllegalArgumentException("sequences must be at least 1, was " + sequences);
        }
        return Math.addExact(weightBytes(spec, weightDtype), Math.multiplyExact(cacheBytes(spec, context), (long) sequences));
    }

    public static long weightBytes(ArchitectureSpec spec, Dtype weightDtype) {
        return WeightMemory.of(spec, weightDtype).bytes();
    }

    public static long cacheBytes(ArchitectureSpec spec, long context) {
        return cacheBytes(spec, context, Dtype.F32);
    }

    /** The caches for a context with keys and values in {@code kvDtype}; recurrent states stay F32, as the engine keeps them. */
    public static long cacheBytes(ArchitectureSpec spec, long context, Dtype kvDtype) {
        return KvCacheAnalysis.of(spec, kvDtype, Dtype.F32, context, 1).totalBytes();
    }
}
