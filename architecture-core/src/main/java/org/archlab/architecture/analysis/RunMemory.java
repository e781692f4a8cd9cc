package org.archlab.architecture.analysis;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Dtype;

/**
 * What a run of a spec with random weights takes in the inference engine's memory, the figure its memory budget is
 * checked against: the weights in the run's format plus the KV caches and recurrent states for a context, which the
 * engine keeps in F32 (batch 1). Shared by the engine's own check and by whoever must choose a variant that passes it.
 */
public final class RunMemory {

    private RunMemory() {
    }

    public static long bytes(ArchitectureSpec spec, Dtype weightDtype, long context) {
        return Math.addExact(weightBytes(spec, weightDtype), cacheBytes(spec, context));
    }

    public static long weightBytes(ArchitectureSpec spec, Dtype weightDtype) {
        return WeightMemory.of(spec, weightDtype).bytes();
    }

    public static long cacheBytes(ArchitectureSpec spec, long context) {
        return KvCacheAnalysis.of(spec, Dtype.F32, context, 1).totalBytes();
    }
}
