package org.archlab.architecture.analysis;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Dtype;
import org.archlab.architecture.spec.LayerPlan;

import java.util.List;

/**
 * Everything the registry reports about a spec at a context length: parameters, KV cache, weight memory,
 * FLOPs and the layer schedule. This is the shape of the analysis API (a contract).
 */
public record ArchitectureAnalysis(
        ParameterCounts parameters,
        KvCacheAnalysis kvCache,
        WeightMemory weights,
        FlopsAnalysis flops,
        List<LayerPlan> layers) {

    public static ArchitectureAnalysis of(ArchitectureSpec spec, long context, Dtype weightDtype, Dtype kvDtype, int batch) {
        List<TensorShape> tensors = TensorLayout.of(spec);
        return new ArchitectureAnalysis(
                ParameterCounts.of(spec, tensors),
                KvCacheAnalysis.of(spec, kvDtype, context, batch),
                WeightMemory.of(tensors, weightDtype),
                FlopsAnalysis.of(spec, tensors, context),
                spec.layerPlans());
    }
}
