package org.archlab.inference.bench;

import org.archlab.architecture.analysis.FullSizeEstimate;
import org.archlab.architecture.analysis.FullSizeEstimate.Footprint;
import org.archlab.architecture.analysis.KvCacheAnalysis;
import org.archlab.architecture.catalog.CatalogEntry;
import org.archlab.architecture.catalog.ReferenceCatalog;
import org.archlab.architecture.catalog.ReferenceCatalog.OverrideMode;
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

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * {@code ./archlab bench --catalog}: decode speed and KV memory at long contexts for a scaled variant of
 * every catalog architecture (same widths and layer kinds, fewer layers and routed experts), with random
 * weights. Each context is measured by the engine's {@link InferenceMeasurement}, as {@code ./archlab bench --depth}
 * measures: a one-token prompt, the cache filled synthetically to the context ({@code Transformer#assumeContext}, so
 * decode does exactly the work it would there without minutes of prefill per model), then {@code --generate} tokens
 * decoded and timed, in one kept pass after one warmup pass. Prints a Markdown table.
 */
public final class CatalogSweep {

    /** The sweep times decode alone: the prompt only has to start the sequence. */
    private static final int PROMPT_TOKENS = 1;
    /**
     * Passes run first and dropped: the first tokens of a model (and of a context) run slower while the JIT compiles
     * and the caches warm, and the sweep keeps one pass.
     */
    private static final int WARMUP = 1;
    /** Seeds the prompt and the synthetic context of every model. */
    private static final long SEED = 7;

    private CatalogSweep() {
    }

    /** @param catalogFile a catalog file of one's own ({@code ARCHLAB_CATALOG}, as the registry reads it), or null */
    record Options(Path catalogFile, OverrideMode catalogMode, int[] contexts, GgmlType dtype, int generate, int layers, int experts, int threads,
                   List<String> models) {

        static Options parse(String[] args) {
            String ownCatalog = System.getenv("ARCHLAB_CATALOG");
            Path catalog = ownCatalog == null || ownCatalog.isBlank() ? null : Path.of(ownCatalog);
            OverrideMode mode = OverrideMode.of(System.getenv().getOrDefault("ARCHLAB_CATALOG_MODE", "add"));
            int[] contexts = {4096, 32768};
            GgmlType dtype = GgmlType.Q4_0;
            int generate = 8;
            int layers = 4;
            int experts = 16;
            int threads = Runtime.getRuntime().availableProcessors();
            List<String> models = List.of();
            for (int i = 0; i + 1 < args.length; i += 2) {
                String value = args[i + 1];
                switch (args[i]) {
                    case "--catalog-file" -> catalog = Path.of(value);
                    case "--catalog-mode" -> mode = OverrideMode.of(value);
                    case "--contexts" -> contexts = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
                    case "--dtype" -> dtype = GgmlType.valueOf(value.toUpperCase());
                    case "--generate" -> generate = Integer.parseInt(value);
                    case "--layers" -> layers = Integer.parseInt(value);
                    case "--experts" -> experts = Integer.parseInt(value);
                    case "--threads" -> threads = Integer.parseInt(value);
                    case "--models" -> models = List.of(value.split(","));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(catalog, mode, contexts, dtype, generate, layers, experts, threads, models);
        }
    }

    public static void main(String[] args) throws Exception {
        run(Options.parse(args), NanoClock.system(), RandomModel::availableMemory, System.out);
    }

    /**
     * Prints the table: its header, then a row per catalog model the options name.
     *
     * @param memoryLimit the bytes a model may take with its caches, asked again before each model
     */
    static void run(Options o, NanoClock clock, LongSupplier memoryLimit, PrintStream out) {
        out.println("| model | variant | weights | " + header(o, "decode tok/s @ ") + " | " + header(o, "KV (variant) @ ")
                + " | KV full model BF16 @ " + o.contexts()[o.contexts().length - 1] + " | " + header(o, "full-size estimate tok/s @ ") + " |");
        out.println("|" + " --- |".repeat(4 + 3 * o.contexts().length));
        try (var kernels = new JvmKernelBackend(o.threads())) {
            for (CatalogEntry entry : ReferenceCatalog.load(o.catalogFile(), o.catalogMode())) {
                if (!o.models().isEmpty() && !o.models().contains(entry.name())) {
                    continue;
                }
                out.println(row(entry, o, kernels, clock, memoryLimit.getAsLong()));
            }
        }
    }

    /**
     * One model's row. Its transformer is built with a one-position cache: the measurement gives each context a cache
     * of its own, and only one at a time is held. So the memory checked before anything is allocated is the weights and
     * the cache of the longest context measured, which is what the sweep holds at its peak.
     */
    static String row(CatalogEntry entry, Options o, KernelBackend kernels, NanoClock clock, long memoryLimit) {
        ArchitectureSpec full = HfConfigImporter.importConfig(entry.hfConfig());
        ArchitectureSpec scaled = ScaledVariant.of(full, o.layers(), o.experts());
        int longest = Arrays.stream(o.contexts()).max().orElseThrow();
        String variant = Scaling.between(full, scaled).toString();
        StringBuilder speeds = new StringBuilder();
        StringBuilder memory = new StringBuilder();
        StringBuilder estimates = new StringBuilder();
        Dtype weightFormat = Dtype.valueOf(o.dtype().name());
        var measurement = new InferenceMeasurement(new MeasurementSettings(PROMPT_TOKENS, o.generate(), 1, WARMUP, 1, SEED, KvCacheType.F32), clock,
                () -> {
                });
        long weights;
        try {
            int positions = Arrays.stream(o.contexts()).map(c -> c + o.generate()).filter(p -> withinLearnedPositions(scaled, p))
                    .max().orElse(1);
            MeasurementMemory.require(entry.name() + " (" + variant + ", " + o.dtype() + ", a cache of " + positions + " positions)",
                    RandomModel.estimatedBytes(scaled, o.dtype(), positions), memoryLimit);
            try (var model = RandomModel.create(scaled, o.dtype(), 1, kernels, 1, o.threads(), memoryLimit)) {
                weights = model.weightBytes();
                for (int context : o.contexts()) {
                    // Decode after `context` positions, as ./archlab bench --depth does: the measured context holds the
                    // generated tokens too.
                    int positionsMeasured = context + o.generate();
                    if (!withinLearnedPositions(scaled, positionsMeasured)) {
                        speeds.append(" – (learned positions end at ").append(scaled.embeddings().learnedPositions()).append(") |");
                        memory.append(" – |");
                        estimates.append(" – |");
                        continue;
                    }
                    MeasuredContext measured = measurement.atContext(model.transformer(), positionsMeasured);
                    double tokensPerSecond = measured.decodeTokensPerSecond().median();
                    speeds.append(String.format(Locale.ROOT, " %.2f |", tokensPerSecond));
                    // The same estimate the dashboard draws next to a scaled job's measurement (FullSizeEstimate).
                    var estimate = FullSizeEstimate.of(tokensPerSecond, Footprint.of(scaled, weightFormat, Dtype.F32, context),
                            Footprint.of(full, weightFormat, Dtype.F32, context));
                    estimates.append(String.format(Locale.ROOT, " %.2f |", estimate.decodeTokensPerSecond()));
                    memory.append(" ").append(bytes(KvCacheAnalysis.of(scaled, Dtype.F32, context, 1).totalBytes())).append(" |");
                }
            }
        } catch (RuntimeException e) {
            return "| " + entry.name() + " | " + variant + " | failed: " + e.getMessage() + " |";
        }
        return "| " + entry.name() + " | " + variant + " | " + bytes(weights) + " " + o.dtype() + " |" + speeds + memory
                + " " + bytes(KvCacheAnalysis.of(full, Dtype.BF16, longest, 1).totalBytes()) + " |" + estimates;
    }

    /** Learned absolute positions (GPT-2) end where training ended; rotary and no positions go on. */
    private static boolean withinLearnedPositions(ArchitectureSpec spec, int positions) {
        return spec.embeddings().learnedPositions() == 0 || positions <= spec.embeddings().learnedPositions();
    }

    private static String header(Options o, String prefix) {
        return String.join(" | ", Arrays.stream(o.contexts()).mapToObj(c -> prefix + c).toList());
    }

    private static String bytes(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.2f GiB", bytes / 1073741824.0)
                : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
