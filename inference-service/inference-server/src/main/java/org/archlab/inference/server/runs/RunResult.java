package org.archlab.inference.server.runs;

import org.archlab.inference.measurement.Spread;

import java.util.List;

/**
 * What a run measured, as docs/api/runs.md defines it.
 *
 * @param kvDtype           the format the run's KV caches kept keys and values in ({@code F32}, {@code F16}, {@code BF16})
 * @param device            the kernel backend and what it runs on, e.g. {@code jvm/Vector API 512-bit, 2 threads}
 * @param weightBytes       the loaded weights' bytes
 * @param streamableWeightBytes of those, the bytes a runtime could stream instead of keeping resident (Gemma 3n's
 *                          per-layer token table, as loaded); 0 for a model without one
 * @param residentWeightBytes {@code weightBytes − streamableWeightBytes}
 * @param peakResidentBytes the process's peak resident memory during the run (VmHWM)
 */
public record RunResult(String model, String architecture, Integer revision, String weights, String dtype, String kvDtype,
                        String backend,
                        String device, RunEnvironment environment, long weightBytes, long streamableWeightBytes,
                        long residentWeightBytes, long peakResidentBytes, List<ContextMeasurement> contexts) {

    /**
     * Measurements at one context length.
     *
     * @param tokensPerExpert for a mixture-of-experts model, the tokens each routed expert processed over
     *                        all repeats of this context, summed over the MoE layers; empty for a dense model
     */
    public record ContextMeasurement(int contextLength, long kvCacheBytes, List<Repeat> repeats, Summary summary,
                                     long[] tokensPerExpert) {
    }

    /** One repeat's numbers. */
    public record Repeat(double timeToFirstTokenMs, double prefillTokensPerSecond, double decodeTokensPerSecond,
                         double interTokenLatencyP50Ms, double interTokenLatencyP99Ms) {
    }

    /** Median and range over the repeats (the engine's {@link Spread}). */
    public record Summary(Spread timeToFirstTokenMs, Spread prefillTokensPerSecond, Spread decodeTokensPerSecond) {
    }
}
