package org.archlab.inference.bench;

import org.archlab.architecture.json.SpecJson;
import org.archlab.architecture.registry.RegistryClient;
import org.archlab.architecture.registry.RegistryException;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.inference.checkpoint.LoadMode;
import org.archlab.inference.generation.GenerationResult;
import org.archlab.inference.generation.Generator;
import org.archlab.inference.generation.Sampler;
import org.archlab.inference.generation.SamplingSettings;
import org.archlab.inference.kernels.KernelBackend;
import org.archlab.inference.kernels.BackendSelection;
import org.archlab.inference.kernels.KernelBackends;
import org.archlab.inference.model.Transformer;
import org.archlab.inference.tensor.GgmlType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code ./archlab bench}: prefill and decode throughput of a GGUF file, a safetensors checkpoint or a registry architecture with
 * random weights, at given prompt and generation lengths and thread counts, plus this machine's memory
 * bandwidth. Prompts are random token ids (throughput does not depend on which tokens).
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

    static Map<String, Object> run(BenchOptions o) throws Exception {
        var report = new LinkedHashMap<String, Object>();
        // A batch's sequences have memories of their own: the transformer's is only for the single-sequence modes.
        int maxTokens = o.batch() > 0 ? 1 : o.depth() + Math.max(o.prompt(), 1) + o.generate() + 1;
        KernelBackends backends = KernelBackends.select(o.backend());
        System.err.println("bench: " + backends.summary());
        try (KernelBackend kernels = backends.create(o.threads())) {
            long loadStart = System.nanoTime();
            long rssBefore = residentBytes();
            var loaded = BenchModel.open(o, kernels, maxTokens);
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
                if (o.batch() > 0) {
                    // Context: --depth when given, else the prompt length, as synthetic positions in each sequence.
                    int context = o.depth() > 0 ? o.depth() : o.prompt();
                    report.putAll(BatchedDecode.measure(transformer, o.batch(), context, o.generate(), o.warmup(),
                            o.repeats(), o.seed()));
                } else if (o.depth() > 0) {
                    report.putAll(decodeAtDepth(transformer, o));
                } else {
                    report.putAll(promptThenDecode(transformer, o));
                }
                long[] load = transformer.tokensPerExpert();
                if (load.length > 0) {
                    report.put("expertLoad", ExpertLoad.of(load));
                }
                report.put("weightBytes", loaded.weightBytes());
                report.put("kvCacheBytes", o.batch() > 0 ? report.get("batchKvCacheBytes") : transformer.kvCacheBytes());
                report.put("loadSeconds", round(loadSeconds));
                report.put("residentBytesAfterLoad", residentBytes());
                report.put("residentBytesBeforeLoad", rssBefore);
            }
        }
        if (o.bandwidthProbe()) {
            report.put("memoryBandwidthGBs", round(MemoryBandwidth.measure(1L << 30, o.threads(), 5) / 1e9));
        }
        return report;
    }

    private static Map<String, Object> promptThenDecode(Transformer transformer, BenchOptions o) {
        var generator = new Generator(transformer);
        int[] prompt = randomPrompt(transformer.spec().vocabSize(), o.prompt(), o.seed());
        for (int i = 0; i < o.warmup(); i++) {
            generator.generate(prompt, Math.min(o.generate(), 8), SamplingSettings.GREEDY, t -> false);
        }
        List<GenerationResult> runs = new ArrayList<>();
        for (int i = 0; i < o.repeats(); i++) {
            runs.add(generator.generate(prompt, o.generate(), SamplingSettings.GREEDY, t -> false));
        }
        var report = new LinkedHashMap<String, Object>();
        report.put("prefillTokensPerSecond", round(median(runs.stream().mapToDouble(GenerationResult::prefillTokensPerSecond).toArray())));
        report.put("decodeTokensPerSecond", round(median(runs.stream().mapToDouble(GenerationResult::decodeTokensPerSecond).toArray())));
        report.put("decodeTokensPerSecondRuns", runs.stream().map(r -> round(r.decodeTokensPerSecond())).toList());
        report.put("timeToFirstTokenMs", round(median(runs.stream().mapToDouble(r -> r.timeToFirstTokenNanos() / 1e6).toArray())));
        return report;
    }

    /**
     * Decode speed with {@code depth} tokens already in the context (llama-bench's {@code -d}): the
     * context is prefilled once, untimed except as its own figure, and every repeat decodes from there,
     * overwriting the same cache positions.
     */
    private static Map<String, Object> decodeAtDepth(Transformer transformer, BenchOptions o) {
        int[] context = randomPrompt(transformer.spec().vocabSize(), o.depth(), o.seed());
        long start = System.nanoTime();
        transformer.prefill(context, 0, false);
        double prefillSeconds = (System.nanoTime() - start) / 1e9;
        for (int i = 0; i < o.warmup(); i++) {
            decode(transformer, context[0], o.depth(), Math.min(o.generate(), 8));
        }
        double[] runs = new double[o.repeats()];
        for (int i = 0; i < runs.length; i++) {
            long decodeStart = System.nanoTime();
            decode(transformer, context[0], o.depth(), o.generate());
            runs[i] = o.generate() / ((System.nanoTime() - decodeStart) / 1e9);
        }
        var report = new LinkedHashMap<String, Object>();
        report.put("depth", o.depth());
        report.put("depthPrefillTokensPerSecond", round(o.depth() / prefillSeconds));
        report.put("decodeTokensPerSecond", round(median(runs)));
        report.put("decodeTokensPerSecondRuns", Arrays.stream(runs).map(BenchCommand::round).boxed().toList());
        return report;
    }

    private static void decode(Transformer transformer, int token, int from, int count) {
        for (int position = from; position < from + count; position++) {
            token = Sampler.argmax(transformer.forward(token, position));
        }
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

    private static int[] randomPrompt(int vocab, int length, long seed) {
        var random = new SplittableRandom(seed);
        return random.ints(length, 0, vocab).toArray();
    }

    /** VmRSS of this process, from /proc (0 where there is none). */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    }

    /** To two decimals, as every figure of a bench report is printed. */
    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** Parsed command line. */
    record BenchOptions(String model, GgmlType dtype, int prompt, int generate, int depth, int threads, int warmup,
                        int repeats, long seed, LoadMode loadMode, BackendSelection backend, boolean json, boolean bandwidthProbe,
                        int batch) {

        static final String USAGE = """
                usage: ./archlab bench --model <file.gguf | safetensors dir or file | registry name>
                                       [--dtype F32|F16|BF16|Q8_0|Q4_0] [--prompt 128] [--generate 64]
                                       [--depth 0] [--threads N] [--warmup 1] [--repeats 3]
                                       [--seed 1] [--load memory|mapped] [--backend auto|jvm|tornadovm[:device]]
                                       [--batch N] [--no-bandwidth] [--json]
                  --batch N   decode N sequences together, each with --depth (else --prompt) synthetic positions:
                              throughput summed over the batch, inter-token latency p50/p99, KV bytes""";

        static BenchOptions parse(String[] args) {
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
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--json" -> json = true;
                    case "--no-bandwidth" -> bandwidth = false;
                    case "--model", "--dtype", "--prompt", "--generate", "--depth", "--threads", "--warmup", "--repeats", "--seed", "--load", "--backend", "--batch" -> {
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
                            default -> throw new IllegalStateException(arg);
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (model == null) {
                throw new IllegalArgumentException("--model is required");
            }
            return new BenchOptions(model, dtype, prompt, generate, depth, threads, warmup, repeats, seed, load, backend, json, bandwidth,
                    batch);
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
