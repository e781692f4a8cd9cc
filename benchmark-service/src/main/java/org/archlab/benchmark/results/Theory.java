package org.archlab.benchmark.results;

import org.archlab.architecture.analysis.FullSizeEstimate;

import java.util.Optional;

/**
 * The registry's analytic figures for the spec that was run, at the same context length, weight dtype and
 * KV dtype: stored beside the measurement so the two can be compared. Fields are null when unknown (a
 * checkpoint the registry does not describe).
 */
public record Theory(Integer revision, Long parameters, Long activeParameters, Long kvCacheBytes, Long weightBytes,
                     Long activeParametersWithoutEmbeddings) {

    public static final Theory UNKNOWN = new Theory(null, null, null, null, null, null);

    public Theory(Integer revision, Long parameters, Long activeParameters, Long kvCacheBytes, Long weightBytes) {
        this(revision, parameters, activeParameters, kvCacheBytes, weightBytes, null);
    }

    /** What a decoded token reads, for the full-size estimate; empty where the theory lacks a figure it needs. */
    public Optional<FullSizeEstimate.Footprint> footprint() {
        Long active = activeParametersWithoutEmbeddings != null ? activeParametersWithoutEmbeddings : activeParameters;
        if (parameters == null || parameters == 0 || active == null || weightBytes == null || kvCacheBytes == null) {
            return Optional.empty();
        }
        return Optional.of(new FullSizeEstimate.Footprint(parameters, active, weightBytes, kvCacheBytes));
    }
}
