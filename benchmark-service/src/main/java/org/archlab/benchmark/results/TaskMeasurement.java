package org.archlab.benchmark.results;

import org.archlab.architecture.analysis.FullSizeEstimate;
import org.archlab.architecture.spec.Scaling;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * What one task measured: every repeat, the memory it took, where it ran, and the registry's theory for
 * the same spec and context. Medians summarise the repeats; the spread says whether they agree. A scaled task
 * measured {@code architecture}, a variant of {@code originalArchitecture} that kept what {@code scaling} says, and
 * carries the theory of the full-size original too ({@code fullTheory}) for the estimate of its speed.
 * {@code streamableWeightBytes} is the part of {@code weightBytes} a runtime could stream instead of keeping
 * resident (Gemma 3n's per-layer token table); null when the inference service did not report it. {@code kvDtype} is
 * the format the run kept its KV caches in (F32, F16, BF16), the one {@code kvCacheBytes} and the theory's KV bytes count.
 */
public record TaskMeasurement(
        String architecture,
        Integer revision,
        int contextLength,
        String weights,
        String dtype,
        String kvDtype,
        String backend,
        Environment environment,
        int promptTokens,
        int generateTokens,
        int batch,
        List<Repeat> repeats,
        long kvCacheBytes,
        Long weightBytes,
        Long streamableWeightBytes,
        Long peakResidentBytes,
        Theory theory,
        String originalArchitecture,
        Scaling scaling,
        Theory fullTheory) {

    /** Repeats whose speeds differ by more than this fraction of their median are not to be trusted. */
    public static final double TRUSTED_SPREAD = 0.10;

    public TaskMeasurement {
        if (repeats.isEmpty()) {
            throw new IllegalArgumentException("a measurement needs at least one repeat");
        }
        Objects.requireNonNull(kvDtype, "kvDtype");
        repeats = List.copyOf(repeats);
        originalArchitecture = originalArchitecture == null ? architecture : originalArchitecture;
    }

    /** A measurement of an architecture as registered. */
    public TaskMeasurement(String architecture, Integer revision, int contextLength, String weights, String dtype, String kvDtype,
                           String backend, Environment environment, int promptTokens, int generateTokens, int batch, List<Repeat> repeats,
                           long kvCacheBytes, Long weightBytes, Long streamableWeightBytes, Long peakResidentBytes, Theory theory) {
        this(architecture, revision, contextLength, weights, dtype, kvDtype, backend, environment, promptTokens, generateTokens, batch,
                repeats, kvCacheBytes, weightBytes, streamableWeightBytes, peakResidentBytes, theory, architecture, null, null);
    }

    /** For a scaled variant, the full-size original's estimated decode speed here (FullSizeEstimate); empty otherwise. */
    public Optional<FullSizeEstimate> fullSizeEstimate() {
        if (scaling == null || fullTheory == null) {
            return Optional.empty();
        }
        double decode = median(Repeat::decodeTokensPerSecond);
        return theory.footprint().flatMap(measured -> fullTheory.footprint().map(full -> FullSizeEstimate.of(decode, measured, full)));
    }

    /** One timed repetition of prefill and decode. */
    public record Repeat(double timeToFirstTokenMs, double prefillTokensPerSecond, double decodeTokensPerSecond,
                         double interTokenLatencyP50Ms, double interTokenLatencyP99Ms) {
    }

    /** Where the run happened. */
    public record Environment(String device, String cpu, Integer cores, String jvm, String os, String commit) {
    }

    public double median(ToDoubleFunction<Repeat> metric) {
        double[] values = repeats.stream().mapToDouble(metric).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /** (max − min) / median of prefill and of decode speed, whichever is larger; 0 for a single repeat. */
    public double spread() {
        return Math.max(spread(Repeat::prefillTokensPerSecond), spread(Repeat::decodeTokensPerSecond));
    }

    public boolean trusted() {
        return spread() <= TRUSTED_SPREAD;
    }

    private double spread(ToDoubleFunction<Repeat> metric) {
        double[] values = repeats.stream().mapToDouble(metric).toArray();
        double median = median(metric);
        if (median <= 0) {
            return 0;
        }
        return (Arrays.stream(values).max().orElseThrow() - Arrays.stream(values).min().orElseThrow()) / median;
    }
}
