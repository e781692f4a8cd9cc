package org.archlab.benchmark.standins;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * A stand-in for inference-service that implements the measured-runs contract (docs/api/runs.md) over
 * real HTTP, with made-up numbers. Only this HTTP service and the registry are stood in for; PostgreSQL
 * and Kafka are real, and the platform's end-to-end test runs the real services.
 *
 * <p>How it behaves depends on the architecture's name, so that any worker in any test context treats a
 * task alike: {@code always-busy…} answers 503 to every post; {@code busy…} answers 503 to the first two
 * posts of each request id; {@code failing…} runs fail; {@code noisy…} repeats disagree by 45%; the runs of
 * a {@linkplain #hold held} architecture stay RUNNING until it is released. Anything else succeeds at once.
 *
 * <p>It states its capabilities ({@code GET /api/v1/runs/capabilities}) in the contract's shape, as a JVM-backend
 * server with the default configuration states them: batch sizes 1 to 64, contexts up to 32768, the five weight formats,
 * an 8 GiB memory budget, a 4 GiB KV budget, KV caches in F32, F16 or BF16. A run keeps its caches in the
 * {@code kvDtype} it asks for (F16 and BF16: half the bytes of F32) and reports it; one that asks for none keeps F32 and
 * leaves {@code kvDtype} out of its result, as a server from before runs reported it does, except for {@code halfkv…}
 * architectures, whose server keeps F16 by default and says so. A run of a batch reports, as the real service does,
 * decode throughput summed over the batch, each sequence's inter-token latency and the batch's KV caches together.
 */
public final class InferenceStandIn extends StandInServer {

    /** The longest context the stand-in states it runs. */
    public static final int MAX_CONTEXT = 32_768;
    /** The KV budget for concurrent generations the stand-in states. */
    public static final long KV_BUDGET_BYTES = 4L << 30;
    /** The KV cache formats the stand-in states it keeps; a run asking for another is refused (400 naming kvDtype). */
    public static final List<String> KV_DTYPES = List.of("F32", "F16", "BF16");

    private final Map<String, Map<String, Object>> runs = new ConcurrentHashMap<>();
    private final Map<String, String> runByRequestId = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> postsByRequestId = new ConcurrentHashMap<>();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final AtomicInteger capabilityRequests = new AtomicInteger();
    private volatile boolean statesCapabilities = true;

    InferenceStandIn() {
    }

    /** Keeps this architecture's runs RUNNING until {@link #release}. */
    public void hold(String architecture) {
        held.add(architecture);
    }

    public void release(String architecture) {
        held.remove(architecture);
    }

    /** Whether it answers {@code GET /api/v1/runs/capabilities}; when not, it answers 503 as an overloaded server would. */
    public void statesCapabilities(boolean answers) {
        statesCapabilities = answers;
    }

    /** How many times its capabilities were asked for. */
    public int capabilityRequests() {
        return capabilityRequests.get();
    }

    /** How many times a run was asked for under request ids that contain this text (a task id). */
    public int posts(String requestIdPart) {
        return postsByRequestId.entrySet().stream().filter(e -> e.getKey().contains(requestIdPart))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    /** How many distinct runs were made for request ids that contain this text. */
    public long runsMade(String requestIdPart) {
        return runByRequestId.keySet().stream().filter(id -> id.contains(requestIdPart)).count();
    }

    /** The decode speed the stand-in reports for an architecture at a context length (median of its repeats). */
    public static double decodeTokensPerSecond(String architecture, int context) {
        return Math.round(60_000.0 / (1_000 + context / 8.0) * (1 + Math.floorMod(architecture.hashCode(), 5) / 4.0) * 100) / 100.0;
    }

    /** The decode speed summed over a batch: it grows with the batch, less than in proportion. */
    public static double decodeTokensPerSecond(String architecture, int context, int batch) {
        return Math.round(decodeTokensPerSecond(architecture, context) * batch / (1 + (batch - 1) / 16.0) * 100) / 100.0;
    }

    public static double prefillTokensPerSecond(String architecture, int context) {
        return Math.round(decodeTokensPerSecond(architecture, context) * 7.5 * 100) / 100.0;
    }

    /**
     * What a run that names no KV format holds; an architecture named {@code halfkv…} runs on a server that keeps its KV
     * caches in F16 (half) by default.
     */
    public static long kvCacheBytes(String architecture, int context) {
        return kvCacheBytes(architecture, context, 1, null);
    }

    private static boolean keepsF16(String architecture) {
        return architecture.startsWith("halfkv");
    }

    /** The KV caches of a batch: one per sequence. */
    public static long kvCacheBytes(String architecture, int context, int batch) {
        return kvCacheBytes(architecture, context, batch, null);
    }

    /** The KV caches of a batch of a run that asked for this format (null: the server's default); F16 and BF16 take half. */
    public static long kvCacheBytes(String architecture, int context, int batch, String kvDtype) {
        String kept = keptKvDtype(architecture, kvDtype);
        return kvBytesPerToken(architecture) * context / ("F32".equals(kept) ? 1 : 2) * batch;
    }

    /** The format a run keeps: the one asked for, else F16 for {@code halfkv…} and F32 for anything else. */
    private static String keptKvDtype(String architecture, String asked) {
        return asked != null ? asked.toUpperCase(Locale.ROOT) : keepsF16(architecture) ? "F16" : "F32";
    }

    @Override
    void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (exchange.getRequestMethod().equals("GET") && path.equals("/api/v1/runs/capabilities")) {
            capabilityRequests.incrementAndGet();
            if (statesCapabilities) {
                send(exchange, 200, capabilities());
            } else {
                send(exchange, 503, Map.of("title", "Service Unavailable", "detail", "stand-in told to refuse"));
            }
        } else if (exchange.getRequestMethod().equals("POST") && path.equals("/api/v1/runs")) {
            submit(exchange, JSON.readTree(body(exchange)));
        } else if (exchange.getRequestMethod().equals("GET") && path.startsWith("/api/v1/runs/")) {
            var run = runs.get(path.substring("/api/v1/runs/".length()));
            if (run == null) {
                send(exchange, 404, Map.of("title", "Not Found", "detail", "no such run"));
            } else {
                send(exchange, 200, progressed(run));
            }
        } else {
            send(exchange, 404, Map.of("title", "Not Found", "detail", path));
        }
    }

    private static Map<String, Object> capabilities() {
        var capabilities = new LinkedHashMap<String, Object>();
        capabilities.put("backend", "jvm");
        capabilities.put("device", "jvm/Vector API 256-bit, 2 threads (stand-in)");
        capabilities.put("backends", List.of("auto", "jvm"));
        capabilities.put("weights", List.of("checkpoint", "random"));
        capabilities.put("dtypes", List.of("F32", "F16", "Q4_0", "Q8_0", "BF16"));
        capabilities.put("defaultDtype", "Q8_0");
        capabilities.put("kvDtypes", KV_DTYPES);
        capabilities.put("defaultKvDtype", "F32");
        capabilities.put("batchSizes", IntStream.rangeClosed(1, 64).boxed().toList());
        capabilities.put("maxContext", MAX_CONTEXT);
        capabilities.put("maxContextLengths", 16);
        capabilities.put("maxWarmup", 20);
        capabilities.put("maxRepeats", 100);
        capabilities.put("memoryBudgetBytes", 8L << 30);
        capabilities.put("kvBudgetBytes", KV_BUDGET_BYTES);
        return capabilities;
    }

    private void submit(HttpExchange exchange, JsonNode request) throws IOException {
        String model = baseName(request.path("model").asString());
        String requestId = request.path("requestId").asString();
        int posts = postsByRequestId.computeIfAbsent(requestId, id -> new AtomicInteger()).incrementAndGet();
        String kvDtype = request.path("kvDtype").asString(null);
        if (kvDtype != null && !KV_DTYPES.contains(kvDtype.toUpperCase(Locale.ROOT))) {
            send(exchange, 400, Map.of("title", "Bad Request",
                    "errors", List.of(Map.of("field", "kvDtype", "message", "must be one of " + KV_DTYPES))));
            return;
        }
        if (model.startsWith("always-busy") || (model.startsWith("busy") && posts <= 2)) {
            exchange.getResponseHeaders().set("Retry-After", "1");
            send(exchange, 503, Map.of("title", "Service Unavailable", "detail", "the device is busy with other runs"));
            return;
        }
        String existing = runByRequestId.get(requestId);
        if (existing != null) {
            send(exchange, 200, progressed(runs.get(existing)));
            return;
        }
        String id = UUID.randomUUID().toString();
        var run = new LinkedHashMap<String, Object>();
        run.put("id", id);
        run.put("status", "QUEUED");
        run.put("queuePosition", 0);
        run.put("error", null);
        run.put("request", request);
        runs.put(id, run);
        runByRequestId.put(requestId, id);
        exchange.getResponseHeaders().set("Location", "/api/v1/runs/" + id);
        send(exchange, 202, run);
    }

    /** A run moves on each time it is looked at: to RUNNING while held, else to its end. */
    private synchronized Map<String, Object> progressed(Map<String, Object> run) {
        var request = (JsonNode) run.get("request");
        String model = baseName(request.path("model").asString());
        if (run.get("status").equals("SUCCEEDED") || run.get("status").equals("FAILED")) {
            return run;
        }
        run.remove("queuePosition");
        if (held.contains(model)) {
            run.put("status", "RUNNING");
        } else if (model.startsWith("failing")) {
            run.put("status", "FAILED");
            run.put("error", "the model needs 99 GiB and the memory budget is 16 GiB");
        } else {
            run.put("status", "SUCCEEDED");
            run.put("result", result(model, request));
        }
        return run;
    }

    private static Map<String, Object> result(String model, JsonNode request) {
        var contexts = new ArrayList<Map<String, Object>>();
        int batch = request.path("batch").asInt(1);
        String kvDtype = request.path("kvDtype").asString(null);
        for (JsonNode length : request.path("contextLengths")) {
            int context = length.intValue();
            double decode = decodeTokensPerSecond(model, context, batch);
            double prefill = prefillTokensPerSecond(model, context);
            // The middle repeat is the median; the others sit 2% (or, when noisy, 30% and 15%) either side.
            double[] scale = model.startsWith("noisy") ? new double[]{1.30, 1.0, 0.85} : new double[]{1.02, 1.0, 0.98};
            var repeats = new ArrayList<Map<String, Object>>();
            for (int i = 0; i < request.path("repeats").intValue(); i++) {
                double s = scale[i % scale.length];
                repeats.add(Map.of("timeToFirstTokenMs", Math.round(128_000 / prefill) / s,
                        "prefillTokensPerSecond", prefill * s, "decodeTokensPerSecond", decode * s,
                        "interTokenLatencyP50Ms", 1000.0 * batch / (decode * s), "interTokenLatencyP99Ms", 1300.0 * batch / (decode * s)));
            }
            contexts.add(Map.of("contextLength", context, "kvCacheBytes", kvCacheBytes(model, context, batch, kvDtype),
                    "repeats", repeats));
        }
        var result = new LinkedHashMap<String, Object>();
        result.put("model", request.path("model").asString());
        result.put("architecture", "stand-in");
        result.put("revision", 1);
        result.put("weights", request.path("weights").asString());
        result.put("dtype", request.path("dtype").asString());
        if (kvDtype != null || keepsF16(model)) {
            // Other runs leave kvDtype out, as a server from before it was reported does.
            result.put("kvDtype", keptKvDtype(model, kvDtype));
        }
        result.put("backend", "jvm");
        result.put("device", "jvm/Vector API 256-bit, 2 threads (stand-in)");
        result.put("environment", Map.of("jvm", "25 (stand-in)", "os", "Linux", "cpu", "stand-in CPU", "cores", 2, "commit", "0000000"));
        result.put("weightBytes", parameters(model));
        result.put("streamableWeightBytes", 0L);
        result.put("residentWeightBytes", parameters(model));
        result.put("peakResidentBytes", parameters(model) + kvCacheBytes(model, request.path("contextLengths").path(0).intValue(), 1, kvDtype)
                + 200_000_000L);
        result.put("contexts", contexts);
        return result;
    }
}
