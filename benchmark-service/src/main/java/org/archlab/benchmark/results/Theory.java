package org.archlab.benchmark.results;

/**
 * The registry's analytic figures for the spec that was run, at the same context length, weight dtype and
 * KV dtype: stored beside the measurement so the two can be compared. Fields are null when unknown (a
 * checkpoint the registry does not describe).
 */
public record Theory(Integer revision, Long parameters, Long activeParameters, Long kvCacheBytes, Long weightBytes) {

    public static final Theory UNKNOWN = new Theory(null, null, null, null, null);
}
