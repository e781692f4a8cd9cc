package org.archlab.benchmark.dashboard;

import java.time.Instant;

/**
 * The newest result of one series (an architecture at a context length), as the dashboard shows it.
 * {@code streamableWeightBytes}: of the measured weights, the per-layer token table's bytes (Gemma 3n), which a
 * runtime could stream instead of keeping resident; null for results stored before runs reported it.
 */
public record LatestResult(
        long resultId,
        String architecture,
        int contextLength,
        String weights,
        String dtype,
        String backend,
        String device,
        double prefillTokensPerSecond,
        double decodeTokensPerSecond,
        double timeToFirstTokenMs,
        double interTokenLatencyP50Ms,
        double interTokenLatencyP99Ms,
        long kvCacheBytes,
        Long weightBytes,
        Long streamableWeightBytes,
        Long peakResidentBytes,
        int repeats,
        double spread,
        boolean trusted,
        Long theoreticalParameters,
        Long theoreticalActiveParameters,
        Long theoreticalKvBytes,
        Long theoreticalWeightBytes,
        Instant measuredAt) {
}
