package org.archlab.inference.server.runs;

import java.util.Arrays;
import java.util.List;

/**
 * What a run measured, as docs/api/runs.md defines it.
 *
 * @param device            the kernel backend and what it runs on, e.g. {@code jvm/Vector API 512-bit, 2 threads}
 * @param weightBytes       the loaded weights' bytes
 * @param streamableWeightBytes of those, the bytes a runtime could stream instead of keeping resident (Gemma 3n's
 *                          per-layer token table, as loaded); 0 for a model without one
 * @param residentWeightBytes {@code weightBytes − streamableWeightBytes}
 * @param peakResidentBytes the process's peak resident memory during the run (VmHWM)
 */
public record RunResult(String model, String architecture, Integer revision, String weights, String dtype, String backend,
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

    /** Median and spread over the repeats. */
    public record Summary(Spread timeToFirstTokenMs, Spread prefillTokensPerSecond, Spread decodeTokensPerSecond) {

        static Summary of(List<Repeat> repeats) {
            return new Summary(Spread.of(repeats.stream().mapToDouble(Repeat::timeToFirstTokenMs).toArray()),
                    Spread.of(repeats.stream().mapToDouble(Repeat::prefillTokensPerSecond).toArray()),
                    Spread.of(repeats.stream().mapToDouble(Repeat::decodeTokensPerSecond).toArray()));
        }
    }

    public record Spread(double median, double min, double max) {

        static Spread of(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            return new Spread(median, sorted[0], sorted[n - 1]);
        }
    }
}
