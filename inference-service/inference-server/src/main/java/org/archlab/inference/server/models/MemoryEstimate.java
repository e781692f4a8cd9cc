package org.archlab.inference.server.models;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.archlab.inference.model.RandomModel;

/**
 * What a model takes in memory: its weights and its KV cache at a context length (the engine caches keys
 * and values in F32, so the registry's analytics at F32 are exact).
 */
public record MemoryEstimate(long weightBytes, long kvCacheBytes, int context) {

    static MemoryEstimate of(ModelSource source, int context) {
        return new MemoryEstimate(source.weightBytes(), RandomModel.estimatedCacheBytes(source.spec(), context), context);
    }

    @JsonProperty
    public long totalBytes() {
        return weightBytes + kvCacheBytes;
    }

    @Override
    public String toString() {
        return totalBytes() + " bytes (" + weightBytes + " of weights, " + kvCacheBytes + " of KV cache for " + context + " positions)";
    }
}
