package org.archlab.inference.bench;

import org.archlab.architecture.json.SpecJson;
import org.archlab.architecture.registry.RegistryClient;
import org.archlab.architecture.registry.RegistryException;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.inference.cache.KvCacheType;
import org.archlab.inference.checkpoint.LoadMode;
import org.archlab.inference.kernels.BackendSelection;
import org.archlab.inference.kernels.KernelBackend;
import org.archlab.inference.kernels.KernelBackends;
import org.archlab.inference.measurement.InferenceMeasurement;
import org.archlab.inference.measurement.MeasuredContext;
import org.archlab.inference.measurement.MeasurementSettings;
import org.archlab.inference.measurement.NanoClock;
import org.archlab.inference.measurement.ProcessMemory;
import org.archlab.inference.model.Transformer;
import org.archlab.inference.tensor.GgmlType;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ./archlab bench}: prefill and decode throughput of a GGUF file, a safetensors checkpoint or a registry architecture with
 * random weights, at given prompt and generation lengths, context depth, batch and thread counts, plus this machine's
 * memory bandwidth. It measures with the engine's {@link InferenceMeasurement}, as the inference service's measured runs
 * do: a bench and a run of the same model and settings report the same figures. Prompts are random token ids
 * (throughput does not depend on which tokens).
 */
public final class BenchCommand {

    private BenchCommand() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--catalog")) {
            CatalogSweep.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("--estimate-check")) {
            EstimateCheck.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        Map<String, Object> report = run(options);
        if (options.json()) {
            System.out.println(SpecJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        } else {
            report.forEach((key, value) -> System.out.printf("%-28s %s%n", key, value));
        }
    }

    /** Runs the bench on the system clock. */
    public static Map<String, Object> run(BenchOptions o) throws Exception {
        return run(o, NanoClock.system());
    }

    /**
     * Runs the bench as {@code ./archlab bench} does, timing tokens with {@code clock} (tests pass a scripted one).
     * Every mode is the engine's {@link InferenceMeasurement} at context {@code (depth, else prompt) + generate}: the
     * procedure a measured run of the inference service follows.
     */
    public static Map<String, Object> run(BenchOptions o, NanoClock clock) throws Exception {
        var report = new LinkedHashMap<String, Object>();
        KernelBackends backends = KernelBackends.select(o.backend());
        System.err.println("bench: " + backends.summary());
        try (KernelBackend kernels = backends.create(o.threads())) {
            long loadStart = System.nanoTime();
            long rssBefore = ProcessMemory.residentBytes();
            // The measurement gives each context a cache of its own; the loaded transformer's is never used.
            var loaded = BenchModel.open(o, kernels, 1);
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            try (loaded) {
                Transformer transformer = loaded.transformer();
                report.put("model", o.model());
                report.put("architecture", transformer.spec().family());
                report.put("weights", loaded.weights());
                report.put("backend", kernels.name());
                report.put("device", kernels.device());
                report.put("threads", o.threads());
                report.put("loadMode", loaded.generated() ? "generated" : o.loadMode().name().toLowerCase());
                report.put("promptTokens", o.prompt());
                report.put("generateTokens", o.generate());
                report.put("kvDtype", o.kvType().name());
                var settings = new MeasurementSettings(o.prompt(), o.generate(), Math.max(1, o.batch()), o.warmup(), o.repeats(),
                        o.seed(), o.kvType());
                MeasuredContext measured = new InferenceMeasurement(settings, clock, () -> {
                }).atContext(transformer, o.contextLength());
                report.putAll(figures(o, measured));
                long[] load = measured.tokensPerExpert();
                if (load.length > 0) {
                    report.put("expertLoad", ExpertLoad.of(load));
                }
                report.put("weightBytes", loaded.weightBytes());
                report.put("kvCacheBytes", measured.kvCacheBytes());
                report.put("kvCacheBytesTheory", measured.kvCacheBytesTheory());
                report.put("loadSeconds", round(loadSeconds));
                report.put("residentBytesAfterLoad", ProcessMemory.residentBytes());
                report.put("residentBytesBeforeLoad", rssBefore);
                // This JVM's peak (VmHWM): loading and the measurement, as a measured run's peakResidentBytes.
                report.put("peakResidentBytes", ProcessMemory.peakResidentBytes());
            }
        }
        if (o.bandwidthProbe()) {
            report.put("memoryBandwidthGBs", round(MemoryBandwidth.measure(1L << 30, o.threads(), 5) / 1e9));
        }
        return report;
    }

    /** The measurement's figures under the report's keys: medians over the repeats, and every repeat's decode rate. */
    private static Map<String, Object> figures(BenchOptions o, MeasuredContext measured) {
        var report = new LinkedHashMap<String, Object>();
        report.put("contextLength", measured.contextLength());
        if (o.depth() > 0) {
            report.put("depth", o.depth());
        }
        if (o.batch() > 0) {
            report.put("batch", o.batch());
            report.put("context", o.contextLength() - o.generate());
        }
        report.put("prefillTokensPerSecond", round(measured.prefillTokensPerSecond().median()));
        report.put("decodeTokensPerSecond", round(measured.decodeTokensPerSecond().median()));
        report.put("decodeTokensPerSecondRuns", measured.repeats().stream().map(r -> round(r.decodeTokensPerSecond())).toList());
        report.put("timeToFirstTokenMs", round(measured.timeToFirstTokenMs().median()));
        report.put("interTokenLatencyP50Ms", round(measured.interTokenLatencyP50Ms().median()));
        report.put("interTokenLatencyP99Ms", round(measured.interTokenLatencyP99Ms().median()));
        if (o.batch() > 0) {
            report.put("batchKvCacheBytes", measured.kvCacheBytes());
            report.put("batchKvCacheBytesTheory", measured.kvCacheBytesTheory());
        }
        return report;
    }

    /** A registry architecture's spec, {@code name} or {@code name@revision}, from the registry ./archlab up runs. */
    static ArchitectureSpec registrySpec(String name) {
        String[] nameAndRevision = name.split("@", 2);
        try {
            return RegistryClient.fromEnvironment().architecture(nameAndRevision[0],
                    nameAndRevision.length > 1 ? Integer.valueOf(nameAndRevision[1]) : null).spec();
        } catch (RegistryException e) {
            throw new IllegalArgumentException(e.getMessage() + "; pass a .gguf file or start the platform with ./archlab up", e);
        }
    }

    /** To two decimals, as every figure of a bench report is printed. */
    public static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** Parsed command line. */
    public record BenchOptions(String model, GgmlType dtype, int prompt, int generate, int depth, int threads, int warmup,
                        int repeats, long seed, LoadMode loadMode, BackendSelection backend, boolean json, boolean bandwidthProbe,
                        int batch, KvCacheType kvType) {

        static final String USAGE = """
                usage: ./archlab bench --model <file.gguf | safetensors dir or file | registry name>
                                       [--dtype F32|F16|BF16|Q8_0|Q4_0] [--prompt 128] [--generate 64]
                                       [--depth 0] [--threads N] [--warmup 1] [--repeats 3]
                                       [--seed 1] [--load memory|mapped] [--backend auto|jvm|tornadovm[:device]]
                                       [--batch N] [--kv-dtype F32|F16|BF16] [--no-bandwidth] [--json]
                  --depth D   decode after D positions of context (the prompt, then synthetic ones); at least --prompt
                  --batch N   decode N sequences together, each with --depth (else --prompt) positions:
                              throughput summed over the batch, inter-token latency p50/p99, KV bytes
                  --kv-dtype  the format of the KV caches' keys and values (F32 by default; F16 and BF16 halve their bytes)""";

        /** Positions each sequence's cache holds: the decoded tokens after the depth, else after the prompt. */
        int contextLength() {
            return (depth > 0 ? depth : prompt) + generate;
        }

        public static BenchOptions parse(String[] args) {
            String model = null;
            GgmlType dtype = GgmlType.Q8_0;
            int prompt = 128;
            int generate = 64;
            int depth = 0;
            int threads = Runtime.getRuntime().availableProcessors();
            int warmup = 1;
            int repeats = 3;
            long seed = 1;
            LoadMode load = LoadMode.MEMORY;
            BackendSelection backend = BackendSelection.AUTO;
            boolean json = false;
            boolean bandwidth = true;
            int batch = 0;
            KvCacheType kvType = KvCacheType.F32;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--json" -> json = true;
                    case "--no-bandwidth" -> bandwidth = false;
                    case "--model", "--dtype", "--prompt", "--generate", "--depth", "--threads", "--warmup", "--repeats", "--seed", "--load", "--backend", "--batch",
                         "--kv-dtype" -> {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(arg + " needs a value");
                        }
                        String value = args[++i];
                        switch (arg) {
                            case "--model" -> model = value;
                            case "--dtype" -> dtype = GgmlType.valueOf(value.toUpperCase());
                            case "--prompt" -> prompt = positive(arg, value);
                            case "--generate" -> generate = positive(arg, value);
                            case "--depth" -> depth = Integer.parseInt(value);
                            case "--threads" -> threads = positive(arg, value);
                            case "--warmup" -> warmup = Integer.parseInt(value);
                            case "--repeats" -> repeats = positive(arg, value);
                            case "--seed" -> seed = Long.parseLong(value);
                            case "--load" -> load = LoadMode.valueOf(value.toUpperCase());
                            case "--backend" -> backend = BackendSelection.parse(value);
                            case "--batch" -> batch = positive(arg, value);
                            case "--kv-dtype" -> kvType = kvType(value);
                            default -> throw new IllegalStateException(arg);
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (model == null) {
                throw new IllegalArgumentException("--model is required");
            }
            if (depth != 0 && depth < prompt) {
                throw new IllegalArgumentException("--depth must be 0 or at least --prompt (" + prompt + "): the prompt is"
                        + " part of the context");
            }
            return new BenchOptions(model, dtype, prompt, generate, depth, threads, warmup, repeats, seed, load, backend, json, bandwidth,
                    batch, kvType);
        }

        private static KvCacheType kvType(String value) {
            try {
                return KvCacheType.of(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--kv-dtype: " + e.getMessage(), e);
            }
        }

        private static int positive(String option, String value) {
            int n = Integer.parseInt(value);
            if (n < 1) {
                throw new IllegalArgumentException(option + " must be at least 1");
            }
            return n;
        }
    }
}
