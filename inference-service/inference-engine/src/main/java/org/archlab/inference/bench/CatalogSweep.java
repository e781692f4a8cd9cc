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
import org.archlab.inference.kernels.jvm.JvmKernelBackend;
import org.archlab.inference.model.RandomModel;
import org.archlab.inference.model.Transformer;
import org.archlab.inference.tensor.GgmlType;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./archlab bench --catalog}: decode speed and KV memory at long contexts for a scaled variant of
 * every catalog architecture (same widths and layer kinds, fewer layers and routed experts), with random
 * weights. The context is filled synthetically ({@link Transformer#assumeContext}) — decode then does
 * exactly the work it would at that context, without minutes of prefill per model. Prints a Markdown table.
 */
public final class CatalogSweep {

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
        Options o = Options.parse(args);
        System.out.println("| model | variant | weights | " + header(o, "decode tok/s @ ") + " | " + header(o, "KV (variant) @ ")
                + " | KV full model BF16 @ " + o.contexts()[o.contexts().length - 1] + " | " + header(o, "full-size estimate tok/s @ ") + " |");
        System.out.println("|" + " --- |".repeat(4 + 3 * o.contexts().length));
        try (var kernels = new JvmKernelBackend(o.threads())) {
            for (CatalogEntry entry : ReferenceCatalog.load(o.catalogFile(), o.catalogMode())) {
                if (!o.models().isEmpty() && !o.models().contains(entry.name())) {
                    continue;
                }
                System.out.println(row(entry, o, kernels));
            }
        }
    }

    private static String row(CatalogEntry entry, Options o, JvmKernelBackend kernels) {
        ArchitectureSpec full = HfConfigImporter.importConfig(entry.hfConfig());
        ArchitectureSpec scaled = ScaledVariant.of(full, o.layers(), o.experts());
        int longest = Arrays.stream(o.contexts()).max().orElseThrow();
        String variant = Scaling.between(full, scaled).toString();
        StringBuilder speeds = new StringBuilder();
        StringBuilder memory = new StringBuilder();
        StringBuilder estimates = new StringBuilder();
        Dtype weightFormat = Dtype.valueOf(o.dtype().name());
        long weights;
        try (var model = RandomModel.create(scaled, o.dtype(), 1, kernels, longest + o.generate() + 2, o.threads())) {
            weights = model.weightBytes();
            Transformer transformer = model.transformer();
            for (int context : o.contexts()) {
                if (scaled.embeddings().learnedPositions() > 0 && context + o.generate() >= scaled.embeddings().learnedPositions()) {
                    // Learned absolute positions (GPT-2) end where training ended.
                    speeds.append(" – (learned positions end at ").append(scaled.embeddings().learnedPositions()).append(") |");
                    memory.append(" – |");
                    estimates.append(" – |");
                    continue;
                }
                transformer.assumeContext(context, 7);
                transformer.forward(1, context);
                long start = System.nanoTime();
                for (int i = 1; i <= o.generate(); i++) {
                    transformer.forward(1 + i, context + i);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double tokensPerSecond = o.generate() / seconds;
                speeds.append(String.format(" %.2f |", tokensPerSecond));
                // The same estimate the dashboard draws next to a scaled job's measurement (FullSizeEstimate).
                var estimate = FullSizeEstimate.of(tokensPerSecond, Footprint.of(scaled, weightFormat, Dtype.F32, context),
                        Footprint.of(full, weightFormat, Dtype.F32, context));
                estimates.append(String.format(" %.2f |", estimate.decodeTokensPerSecond()));
                memory.append(" ").append(bytes(KvCacheAnalysis.of(scaled, Dtype.F32, context, 1).totalBytes())).append(" |");
            }
        } catch (RuntimeException e) {
            return "| " + entry.name() + " | " + variant + " | failed: " + e.getMessage() + " |";
        }
        return "| " + entry.name() + " | " + variant + " | " + bytes(weights) + " " + o.dtype() + " |" + speeds + memory
                + " " + bytes(KvCacheAnalysis.of(full, Dtype.BF16, longest, 1).totalBytes()) + " |" + estimates;
    }

    private static String header(Options o, String prefix) {
        return String.join(" | ", Arrays.stream(o.contexts()).mapToObj(c -> prefix + c).toList());
    }

    private static String bytes(long bytes) {
        return bytes >= 1L << 30 ? String.format("%.2f GiB", bytes / 1073741824.0) : String.format("%.1f MiB", bytes / 1048576.0);
    }
}
