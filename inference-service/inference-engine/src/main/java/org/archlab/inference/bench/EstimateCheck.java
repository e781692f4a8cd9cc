package org.archlab.inference.bench;

import org.archlab.architecture.analysis.FullSizeEstimate;
import org.archlab.architecture.analysis.FullSizeEstimate.Footprint;
import org.archlab.architecture.catalog.ReferenceCatalog;
import org.archlab.architecture.hf.HfConfigImporter;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Dtype;
import org.archlab.architecture.spec.ScaledVariant;
import org.archlab.architecture.spec.Scaling;
import org.archlab.inference.cache.KvCacheType;
import org.archlab.inference.kernels.KernelBackend;
import org.archlab.inference.kernels.jvm.JvmKernelBackend;
import org.archlab.inference.measurement.InferenceMeasurement;
import org.archlab.inference.measurement.MeasuredContext;
import org.archlab.inference.measurement.MeasurementSettings;
import org.archlab.inference.measurement.NanoClock;
import org.archlab.inference.model.RandomModel;
import org.archlab.inference.tensor.GgmlType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code ./archlab bench --estimate-check}: how far the full-size estimate a scaled benchmark run shows
 * ({@link FullSizeEstimate}) is from the full model's measured decode speed, for a catalog model small enough to run
 * whole. Both are measured by the engine's {@link InferenceMeasurement} at each context as {@link CatalogSweep}
 * measures (a one-token prompt, the context filled synthetically, {@code --generate} tokens decoded and timed), pass
 * by pass in turn ({@link InferenceMeasurement#inTurn}: a pass of the variant, a pass of the full model, and again),
 * so that both see the same machine — on a shared machine their absolute speeds drift, their ratio much less. Each
 * speed is the median over its {@code --repeats} passes. Prints a Markdown table.
 */
public final class EstimateCheck {

    /** Decode alone is compared: the prompt only has to start the sequence. */
    private static final int PROMPT_TOKENS = 1;
    /** Seeds the prompt and the synthetic context, the same for both models. */
    private static final long SEED = 7;

    private EstimateCheck() {
    }

    /**
     * @param generate tokens decoded and timed per pass
     * @param warmup   passes of each model run first and dropped
     * @param repeats  passes of each model kept: each speed is their median
     */
    record Options(String model, int layers, int generate, int warmup, int repeats, int threads, int[] contexts, GgmlType dtype) {

        static Options parse(String[] args) {
            String model = "qwen3-1.7b";
            int layers = 4;
            int generate = 16;
            int warmup = 1;
            int repeats = 4;
            int threads = Runtime.getRuntime().availableProcessors();
            int[] contexts = {512, 4096};
            GgmlType dtype = GgmlType.Q8_0;
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                String value = args[i + 1];
                switch (args[i]) {
                    case "--model" -> model = value;
                    case "--layers" -> layers = Integer.parseInt(value);
                    case "--generate" -> generate = Integer.parseInt(value);
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--repeats" -> repeats = Integer.parseInt(value);
                    case "--threads" -> threads = Integer.parseInt(value);
                    case "--contexts" -> contexts = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
                    case "--dtype" -> dtype = GgmlType.valueOf(value.toUpperCase(Locale.ROOT));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; known: --model, --layers, --generate, --warmup, --repeats, --threads, --contexts, --dtype");
                }
            }
            return new Options(model, layers, generate, warmup, repeats, threads, contexts, dtype);
        }
    }

    /**
     * One line of the table.
     *
     * @param variantTokensPerSecond the variant's measured decode speed
     * @param estimatedTokensPerSecond the full model's speed as the estimate gives it from the variant's
     * @param fullTokensPerSecond    the full model's measured decode speed
     */
    record Row(String model, Scaling scaling, int context, double variantTokensPerSecond, double estimatedTokensPerSecond,
               double fullTokensPerSecond) {

        /** How far the estimate is from the measurement, as a fraction of the measurement: + when optimistic. */
        double error() {
            return estimatedTokensPerSecond / fullTokensPerSecond - 1;
        }

        String markdown() {
            return String.format(Locale.ROOT, "| %s | %s | %d | %.2f | %.2f | %.2f | %+.1f%% |", model, scaling, context,
                    variantTokensPerSecond, estimatedTokensPerSecond, fullTokensPerSecond, 100 * error());
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        ArchitectureSpec full = HfConfigImporter.importConfig(ReferenceCatalog.shipped().stream()
                .filter(e -> e.name().equals(o.model())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no catalog model " + o.model())).hfConfig());
        System.out.println("| model | variant | context | variant tok/s (measured) | full tok/s (estimate) | full tok/s (measured) | error |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        try (var kernels = new JvmKernelBackend(o.threads())) {
            rows(full, o, kernels, NanoClock.system(), RandomModel.availableMemory(), row -> System.out.println(row.markdown()));
        }
    }

    /**
     * Measures the variant and {@code full} at each context and hands each row over as soon as it is measured. Both
     * models are built with a one-position cache, the measurement allocating both models' caches for a context at once
     * (they are measured in turn): so the memory checked before anything is allocated is both models' weights and their
     * caches at the longest context.
     *
     * @param memoryLimit the bytes both models may take with their caches
     */
    static List<Row> rows(ArchitectureSpec full, Options o, KernelBackend kernels, NanoClock clock, long memoryLimit,
                          Consumer<Row> measured) {
        ArchitectureSpec scaled = ScaledVariant.of(full, o.layers(), Integer.MAX_VALUE);
        Scaling scaling = Scaling.between(full, scaled);
        Dtype format = Dtype.valueOf(o.dtype().name());
        int positions = Arrays.stream(o.contexts()).max().orElseThrow() + o.generate();
        MeasurementMemory.require(o.model() + " and its variant (" + scaling + ", " + o.dtype() + ", caches of " + positions
                + " positions)", Math.addExact(RandomModel.estimatedBytes(scaled, o.dtype(), positions),
                RandomModel.estimatedBytes(full, o.dtype(), positions)), memoryLimit);
        var measurement = new InferenceMeasurement(new MeasurementSettings(PROMPT_TOKENS, o.generate(), 1, o.warmup(), o.repeats(),
                SEED, KvCacheType.F32), clock, () -> {
        });
        var rows = new ArrayList<Row>();
        try (var small = RandomModel.create(scaled, o.dtype(), 1, kernels, 1, o.threads(), memoryLimit);
             var whole = RandomModel.create(full, o.dtype(), 1, kernels, 1, o.threads(), memoryLimit)) {
            for (int context : o.contexts()) {
                // Decode after `context` positions, as ./archlab bench --depth does.
                List<MeasuredContext> both = measurement.inTurn(List.of(small.transformer(), whole.transformer()), context + o.generate());
                double variant = both.get(0).decodeTokensPerSecond().median();
                double estimate = FullSizeEstimate.of(variant, Footprint.of(scaled, format, Dtype.F32, context),
                        Footprint.of(full, format, Dtype.F32, context)).decodeTokensPerSecond();
                var row = new Row(o.model(), scaling, context, variant, estimate, both.get(1).decodeTokensPerSecond().median());
                rows.add(row);
                measured.accept(row);
            }
        }
        return List.copyOf(rows);
    }
}
