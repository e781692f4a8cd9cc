package org.archlab.inference.server.models;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.archlab.inference.cache.KvCacheType;
import org.archlab.inference.model.RandomModel;

/**
 * What a model takes in memory: its weights and its KV cache at a context length, in the cache's format (exactly
 * what the engine allocates: {@link RandomModel#estimatedCacheBytes(org.archlab.architecture.spec.ArchitectureSpec, int,
 * KvCacheType)}).
 *
 * @param weightBytes           all weights
 * @param streamableWeightBytes the part of them a runtime could stream instead of keeping resident (Gemma 3n's
 *                              per-layer token table); 0 for a model without one
 */
public record MemoryEstimate(long weightBytes, long streamableWeightBytes, long kvCacheBytes, int context) {

    static MemoryEstimate of(ModelSource source, int context, KvCacheType kvType) {
        return new MemoryEstimate(source.weightBytes(), source.streamableWeightBytes(),
                RandomModel.estimatedCacheBytes(source.spec(), context, kvType), context);
    }

    /** The weights that must stay resident: all of them but the streamable ones. */
    @JsonProperty
    public long residentWeightBytes() {
        return weightBytes - streamableWeightBytes;
    }

    @JsonProperty
    public long totalBytes() {
        return weightBytes + kvCacheBytes;
    }

    @Override
    public String toString() {
        return totalBytes() + " bytes (" + weightBytes + " of weights (" + streamableWeightBytes + " streamable), " + kvCacheBytes + " of KV cache for " + context + " positions)";
    }
}
