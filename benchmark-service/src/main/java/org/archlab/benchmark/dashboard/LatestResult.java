package org.archlab.benchmark.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.archlab.architecture.spec.Scaling;

import java.time.Instant;

/**
 * The newest result of one series (an architecture at a context length), as the dashboard shows it. For a scaled run,
 * {@code architecture} is the variant that ran, {@code originalArchitecture} the one the job named (the same name for a
 * run as registered), {@code scaling} what the variant kept, and {@code fullSizeEstimate} the estimate for the full-size
 * original here; both are null for a run as registered.
 * {@code streamableWeightBytes}: of the measured weights, the per-layer token table's bytes (Gemma 3n), which a
 * runtime could stream instead of keeping resident; null for results stored before runs reported it.
 * {@code kvDtype}: the format the run kept its KV caches in (F32, F16, BF16), which {@code kvCacheBytes} and
 * {@code theoreticalKvBytes} both count.
 */
public record LatestResult(
        long resultId,
        String architecture,
        int contextLength,
        String weights,
        String dtype,
        String kvDtype,
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
        Instant measuredAt,
        String originalArchitecture,
        @JsonInclude(JsonInclude.Include.NON_NULL) Scaling scaling,
        @JsonInclude(JsonInclude.Include.NON_NULL) Estimate fullSizeEstimate) {

    /**
     * The full-size original's decode speed on this machine, estimated from the scaled variant's measurement, with its
     * weights and KV cache from the theory: an estimate, never a measurement (its {@code method} says how it is made).
     */
    public record Estimate(double decodeTokensPerSecond, Long weightBytes, Long kvCacheBytes, Long parameters, Long activeParameters,
                           String method) {
    }
}
