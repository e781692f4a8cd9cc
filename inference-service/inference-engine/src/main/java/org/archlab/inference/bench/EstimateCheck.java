package org.archlab.inference.bench;

import org.archlab.architecture.analysis.FullSizeEstimate;
import org.archlab.architecture.analysis.FullSizeEstimate.Footprint;
import org.archlab.architecture.catalog.ReferenceCatalog;
import org.archlab.architecture.hf.HfConfigImporter;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Dtype;
import org.archlab.architecture.spec.ScaledVariant;
import org.archlab.architecture.spec.Scaling;
import org.archlab.inference.kernels.jvm.JvmKernelBackend;
import org.archlab.inference.measurement.Spread;
import org.archlab.inference.model.RandomModel;
import org.archlab.inference.model.Transformer;
import org.archlab.inference.tensor.GgmlType;

import java.util.Arrays;
import java.util.Locale;

/**
 * {@code ./archlab bench --estimate-check}: how far the full-size estimate a scaled benchmark run shows
 * ({@link FullSizeEstimate}) is from the full model's measured decode speed, for a catalog model small enough to run
 * whole. The variant and the full model decode token by token in turn (one token each), so that both see the same
 * machine — on a shared machine their absolute speeds drift, their ratio much less — and each speed is the median
 * over its tokens. The context is filled synthetically, as in {@link CatalogSweep}. Prints a Markdown table.
 */
public final class EstimateCheck {

    private EstimateCheck() {
    }

    public static void main(String[] args) throws Exception {
        String model = "qwen3-1.7b";
        int layers = 4;
        int tokens = 64;
        int threads = Runtime.getRuntime().availableProcessors();
        int[] contexts = {512, 4096};
        GgmlType dtype = GgmlType.Q8_0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--model" -> model = value;
                case "--layers" -> layers = Integer.parseInt(value);
                case "--generate" -> tokens = Integer.parseInt(value);
                case "--threads" -> threads = Integer.parseInt(value);
                case "--contexts" -> contexts = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--dtype" -> dtype = GgmlType.valueOf(value.toUpperCase(Locale.ROOT));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; known: --model, --layers, --generate, --threads, --contexts, --dtype");
            }
        }
        String name = model;
        ArchitectureSpec full = HfConfigImporter.importConfig(ReferenceCatalog.shipped().stream()
                .filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no catalog model " + name)).hfConfig());
        ArchitectureSpec scaled = ScaledVariant.of(full, layers, Integer.MAX_VALUE);
        Dtype format = Dtype.valueOf(dtype.name());
        int positions = Arrays.stream(contexts).max().orElseThrow() + tokens + 2;
        System.out.println("| model | variant | context | variant tok/s (measured) | full tok/s (estimate) | full tok/s (measured) | error |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        try (var kernels = new JvmKernelBackend(threads);
             var small = RandomModel.create(scaled, dtype, 1, kernels, positions, threads);
             var whole = RandomModel.create(full, dtype, 1, kernels, positions, threads)) {
            for (int context : contexts) {
                double[] variantSeconds = new double[tokens];
                double[] fullSeconds = new double[tokens];
                prepare(small.transformer(), context);
                prepare(whole.transformer(), context);
                for (int t = 1; t <= tokens; t++) {
                    variantSeconds[t - 1] = seconds(small.transformer(), t, context);
                    fullSeconds[t - 1] = seconds(whole.transformer(), t, context);
                }
                double variant = 1 / Spread.of(variantSeconds).median();
                double measured = 1 / Spread.of(fullSeconds).median();
                double estimate = FullSizeEstimate.of(variant, Footprint.of(scaled, format, Dtype.F32, context),
                        Footprint.of(full, format, Dtype.F32, context)).decodeTokensPerSecond();
                System.out.printf(Locale.ROOT, "| %s | %s | %d | %.2f | %.2f | %.2f | %+.1f%% |%n", model, Scaling.between(full, scaled),
                        context, variant, estimate, measured, 100 * (estimate / measured - 1));
            }
        }
    }

    private static void prepare(Transformer transformer, int context) {
        transformer.assumeContext(context, 7);
        transformer.forward(1, context);
    }

    private static double seconds(Transformer transformer, int token, int context) {
        long start = System.nanoTime();
        transformer.forward(1 + token, context + token);
        return (System.nanoTime() - start) / 1e9;
    }
}
