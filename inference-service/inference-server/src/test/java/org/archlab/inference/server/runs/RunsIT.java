package org.archlab.inference.server.runs;

import org.archlab.architecture.analysis.KvCacheAnalysis;
import org.archlab.architecture.analysis.WeightMemory;
import org.archlab.architecture.json.SpecJson;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Dtype;
import org.archlab.inference.server.Http;
import org.archlab.inference.server.OpenStream;
import org.archlab.inference.server.RunLog;
import org.archlab.inference.server.RunningServer;
import org.archlab.inference.server.StandInRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Measured runs as docs/api/runs.md promises them to the benchmark service. */
class RunsIT extends RunningServer {

    private static final ArchitectureSpec TINY = SpecJson.read(StandInRegistry.instance().spec(StandInRegistry.TINY));

    @Autowired
    RunLog log;

    @Test
    void runs_wait_in_order_behind_a_generation_and_then_never_overlap() {
        List<String> ids;
        try (var generation = OpenStream.start(port, StandInRegistry.SLOW, 900)) {
            ids = List.of(submit(tinyRun(null)), submit(tinyRun(null)), submit(tinyRun(null)));

            for (int i = 0; i < ids.size(); i++) {
                JsonNode run = run(ids.get(i));
                assertThat(run.path("status").stringValue()).isEqualTo("QUEUED");
                assertThat(run.path("queuePosition").intValue()).isEqualTo(i);
            }
        }
        ids.forEach(this::awaitSucceeded);

        var intervals = log.finished().stream().filter(f -> ids.contains(f.id())).sorted(Comparator.comparingLong(RunFinished::startNanos)).toList();
        assertThat(intervals).extracting(RunFinished::id).containsExactlyElementsOf(ids);
        for (int i = 1; i < intervals.size(); i++) {
            assertThat(intervals.get(i).startNanos()).as("run %d starts after run %d ended", i, i - 1)
                    .isGreaterThanOrEqualTo(intervals.get(i - 1).endNanos());
        }
    }

    @Test
    void a_run_reports_per_repeat_numbers_their_spread_and_the_memory_it_took() {
        JsonNode run = awaitSucceeded(submit(tinyRun(null)));
        JsonNode result = run.path("result");

        assertThat(run.path("request").path("contextLengths").size()).isEqualTo(2);
        assertThat(result.path("architecture").stringValue()).isEqualTo("qwen3");
        assertThat(result.path("revision").intValue()).isEqualTo(1);
        assertThat(result.path("weights").stringValue()).isEqualTo("random");
        assertThat(result.path("dtype").stringValue()).isEqualTo("Q8_0");
        assertThat(result.path("kvDtype").stringValue()).as("archlab.inference.kv-dtype's default").isEqualTo("F32");
        assertThat(result.path("backend").stringValue()).isEqualTo("jvm");
        assertThat(result.path("device").stringValue()).startsWith("jvm/Vector API");
        assertThat(result.path("weightBytes").longValue()).isEqualTo(WeightMemory.of(TINY, Dtype.Q8_0).bytes());
        assertThat(result.path("streamableWeightBytes").isNumber()).as("a dense model reports 0 streamable bytes, not nothing").isTrue();
        assertThat(result.path("streamableWeightBytes").longValue()).isZero();
        assertThat(result.path("residentWeightBytes").longValue()).isEqualTo(result.path("weightBytes").longValue());
        assertThat(result.path("peakResidentBytes").longValue()).isPositive();
        JsonNode environment = result.path("environment");
        assertThat(environment.path("cores").intValue()).isPositive();
        assertThat(environment.path("jvm").stringValue()).contains("25");
        assertThat(environment.path("commit").stringValue()).isNotBlank();
        JsonNode contexts = result.path("contexts");
        assertThat(contexts.size()).isEqualTo(2);
        for (JsonNode context : contexts) {
            int length = context.path("contextLength").intValue();
            assertThat(context.path("kvCacheBytes").longValue()).isEqualTo(KvCacheAnalysis.of(TINY, Dtype.F32, length, 1).totalBytes());
            assertThat(context.path("repeats").size()).isEqualTo(2);
            for (JsonNode repeat : context.path("repeats")) {
                assertThat(repeat.path("decodeTokensPerSecond").doubleValue()).isPositive();
                assertThat(repeat.path("interTokenLatencyP99Ms").doubleValue())
                        .isGreaterThanOrEqualTo(repeat.path("interTokenLatencyP50Ms").doubleValue());
            }
            JsonNode decode = context.path("summary").path("decodeTokensPerSecond");
            assertThat(decode.path("median").doubleValue()).isBetween(decode.path("min").doubleValue(), decode.path("max").doubleValue());
        }
    }

    @Test
    void a_gemma3n_run_reports_its_per_layer_token_table_apart_from_the_resident_weights() {
        String name = "gemma3n-run-fixture";
        if (http.get("/api/v1/models/" + name).status() == 404) {
            var registered = http.post("/api/v1/models", "{\"name\": \"" + name + "\", \"path\": \"" + fixture("gemma3n") + "\"}");
            assertThat(registered.status()).as(registered.raw().body()).isEqualTo(201);
            // Before it loads, the table's bytes come from the GGUF header.
            assertThat(registered.json().path("memory").path("streamableWeightBytes").longValue()).isEqualTo(TOKEN_TABLE_BYTES);
        }
        String id = submit("{\"model\": \"" + name + "\", \"weights\": \"checkpoint\", \"promptTokens\": 4, \"generateTokens\": 2,"
                + " \"contextLengths\": [12], \"warmup\": 0, \"repeats\": 1}");
        JsonNode result = awaitSucceeded(id).path("result");

        assertThat(result.path("architecture").stringValue()).isEqualTo("gemma3n");
        assertThat(result.path("streamableWeightBytes").longValue()).isEqualTo(TOKEN_TABLE_BYTES);
        assertThat(result.path("residentWeightBytes").longValue()).isEqualTo(result.path("weightBytes").longValue() - TOKEN_TABLE_BYTES)
                .isPositive();
    }

    /** gemma3n.gguf's per_layer_token_embd: {5632, 264} in F32. */
    private static final long TOKEN_TABLE_BYTES = 5632L * 264 * 4;

    @Test
    void a_batch_run_decodes_its_sequences_together_and_holds_a_kv_cache_for_each() {
        JsonNode run = awaitSucceeded(submit(tinyRun(null).replace("\"batch\": 1", "\"batch\": 3")));

        for (JsonNode context : run.path("result").path("contexts")) {
            int length = context.path("contextLength").intValue();
            assertThat(context.path("kvCacheBytes").longValue())
                    .isEqualTo(KvCacheAnalysis.of(TINY, Dtype.F32, length, 3).totalBytes())
                    .isEqualTo(3 * KvCacheAnalysis.of(TINY, Dtype.F32, length, 1).totalBytes());
            for (JsonNode repeat : context.path("repeats")) {
                assertThat(repeat.path("decodeTokensPerSecond").doubleValue()).isPositive();
                assertThat(repeat.path("timeToFirstTokenMs").doubleValue()).isPositive();
                assertThat(repeat.path("interTokenLatencyP99Ms").doubleValue())
                        .isGreaterThanOrEqualTo(repeat.path("interTokenLatencyP50Ms").doubleValue());
            }
        }
    }

    @Test
    void a_run_over_f16_caches_holds_what_the_registry_counts_at_f16() {
        JsonNode run = awaitSucceeded(submit(tinyRun(null).replace("\"batch\": 1", "\"batch\": 2, \"kvDtype\": \"f16\"")));

        assertThat(run.path("request").path("kvDtype").stringValue()).isEqualTo("F16");
        assertThat(run.path("result").path("kvDtype").stringValue()).isEqualTo("F16");
        for (JsonNode context : run.path("result").path("contexts")) {
            int length = context.path("contextLength").intValue();
            assertThat(context.path("kvCacheBytes").longValue())
                    .isEqualTo(KvCacheAnalysis.of(TINY, Dtype.F16, length, 2).totalBytes())
                    .isEqualTo(KvCacheAnalysis.of(TINY, Dtype.F32, length, 2).totalBytes() / 2);
        }
    }

    @Test
    void the_same_request_id_returns_the_same_run() {
        String key = "job-" + UUID.randomUUID() + "/task-1";
        var first = http.post("/api/v1/runs", tinyRun(key));
        var again = http.post("/api/v1/runs", tinyRun(key));

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.header("Location")).hasValue("/api/v1/runs/" + first.json().path("id").stringValue());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("id").stringValue()).isEqualTo(first.json().path("id").stringValue());
        awaitSucceeded(first.json().path("id").stringValue());
    }

    @Test
    void a_mixture_of_experts_run_reports_how_its_router_spread_the_tokens() {
        String id = submit("{\"model\": \"" + StandInRegistry.MOE + "\", \"promptTokens\": 4, \"generateTokens\": 2, \"contextLengths\": [8],"
                + " \"warmup\": 0, \"repeats\": 1}");
        JsonNode load = awaitSucceeded(id).path("result").path("contexts").get(0).path("tokensPerExpert");
        assertThat(load.size()).isEqualTo(4);
        long routed = 0;
        for (JsonNode experts : load) {
            routed += experts.longValue();
        }
        // 4 prompt tokens and 2 decoded ones, each to its top 2 of 4 experts in the one MoE layer (the context up to
        // 8 − 2 is filled synthetically, through no router)
        assertThat(routed).isEqualTo(2L * (4 + 2));
    }

    @Test
    void a_run_the_engine_cannot_build_fails_with_the_reason() {
        String id = submit("{\"model\": \"" + StandInRegistry.UNBUILDABLE + "\", \"promptTokens\": 4, \"generateTokens\": 2, \"contextLengths\": [8],"
                + " \"warmup\": 0, \"repeats\": 1}");

        await().atMost(Duration.ofMinutes(2)).until(() -> !run(id).path("status").stringValue().matches("QUEUED|RUNNING"));
        JsonNode run = run(id);
        assertThat(run.path("status").stringValue()).isEqualTo("FAILED");
        assertThat(run.path("error").stringValue()).contains(StandInRegistry.UNBUILDABLE);
        assertThat(run.path("result").isNull()).isTrue();
    }

    @Test
    void a_run_waiting_for_the_device_keeps_new_generations_off_it() {
        try (var generation = OpenStream.start(port, StandInRegistry.SLOW, 900)) {
            String id = submit(tinyRun(null));
            var answer = http.post("/v1/completions", "{\"model\": \"" + LLAMA + "\", \"prompt\": \"now?\", \"max_tokens\": 1}");

            assertThat(answer.status()).as(answer.raw().body()).isEqualTo(503);
            assertThat(answer.header("Retry-After")).isPresent();
            generation.close();
            awaitSucceeded(id);
        }
    }

    @Test
    void a_run_past_the_queue_capacity_is_429_with_retry_after() {
        List<String> ids;
        try (var generation = OpenStream.start(port, StandInRegistry.SLOW, 900)) {
            ids = List.of(submit(tinyRun(null)), submit(tinyRun(null)), submit(tinyRun(null)), submit(tinyRun(null)));
            var refused = http.post("/api/v1/runs", tinyRun(null));

            assertThat(refused.status()).as(refused.raw().body()).isEqualTo(429);
            assertThat(refused.header("Retry-After")).isPresent();
            assertThat(refused.json().path("code").stringValue()).isEqualTo("queue_full");
        }
        ids.forEach(this::awaitSucceeded);
    }

    @Test
    void runs_that_cannot_be_measured_are_refused_naming_the_field() {
        assertProblem(http.post("/api/v1/runs", "{\"model\": \"no-such-model\"}"), 404, "model");
        assertProblem(http.post("/api/v1/runs", "{\"model\": \"" + StandInRegistry.TINY + "\", \"batch\": 65}"), 422, "batch");
        // Fits alone (0.6 GB of weights, 0.9 GB of cache), not with 64 caches.
        assertProblem(http.post("/api/v1/runs", "{\"model\": \"qwen3-0.6b\", \"contextLengths\": [4096], \"batch\": 64}"), 422, "batch");
        assertProblem(http.post("/api/v1/runs", "{\"model\": \"" + StandInRegistry.TINY + "\", \"backend\": \"tornadovm\"}"), 422, "backend");
        assertProblem(http.post("/api/v1/runs", "{\"model\": \"" + StandInRegistry.TINY + "\", \"promptTokens\": 64, \"generateTokens\": 64,"
                + " \"contextLengths\": [100]}"), 400, "contextLengths[0]");
        assertProblem(http.post("/api/v1/runs", "{\"model\": \"qwen3-0.6b\", \"contextLengths\": [32768]}"), 422, "contextLengths");
        assertProblem(http.post("/api/v1/runs", "{\"model\": \"" + StandInRegistry.TINY + "\", \"dtype\": \"Q5_K\"}"), 400, "dtype");
        assertProblem(http.post("/api/v1/runs", "{\"model\": \"" + StandInRegistry.TINY + "\", \"kvDtype\": \"Q8_0\"}"), 400, "kvDtype");
        assertThat(http.get("/api/v1/runs/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void capabilities_state_the_limits_every_run_is_held_to() {
        JsonNode capabilities = http.get("/api/v1/runs/capabilities").json();
        assertThat(capabilities.path("backend").stringValue()).isEqualTo("jvm");
        assertThat(capabilities.path("backends").valueStream().map(JsonNode::stringValue)).containsExactly("auto", "jvm");
        assertThat(capabilities.path("batchSizes").valueStream().map(JsonNode::intValue)).contains(1, 16, 64).hasSize(64);
        assertThat(capabilities.path("dtypes").valueStream().map(JsonNode::stringValue)).contains("Q8_0", "Q4_0", "F32");
        assertThat(capabilities.path("kvDtypes").valueStream().map(JsonNode::stringValue)).containsExactly("F32", "F16", "BF16");
        assertThat(capabilities.path("defaultKvDtype").stringValue()).isEqualTo("F32");
        assertThat(capabilities.path("memoryBudgetBytes").longValue()).isEqualTo(4L << 30);
        assertThat(capabilities.path("kvBudgetBytes").longValue()).as("archlab.inference.kv-budget's default").isEqualTo(4L << 30);
        int maxContext = capabilities.path("maxContext").intValue();
        assertThat(maxContext).isEqualTo(32768);

        assertProblem(http.post("/api/v1/runs", "{\"model\": \"" + StandInRegistry.TINY + "\", \"batch\": 0}"), 422, "batch");
        assertProblem(http.post("/api/v1/runs", "{\"model\": \"" + StandInRegistry.TINY + "\", \"contextLengths\": [256, "
                + (maxContext + 1) + "]}"), 422, "contextLengths[1]");
        assertProblem(http.post("/api/v1/runs", "{\"model\": \"" + StandInRegistry.TINY + "\", \"repeats\": "
                + (capabilities.path("maxRepeats").intValue() + 1) + "}"), 400, "repeats");
    }

    private static String tinyRun(String requestId) {
        return "{\"model\": \"" + StandInRegistry.TINY + "\", \"weights\": \"random\", \"dtype\": \"Q8_0\", \"backend\": \"auto\","
                + " \"promptTokens\": 8, \"generateTokens\": 4, \"contextLengths\": [16, 48], \"batch\": 1, \"warmup\": 0, \"repeats\": 2,"
                + " \"seed\": 1" + (requestId == null ? "" : ", \"requestId\": \"" + requestId + "\"") + "}";
    }

    private String submit(String json) {
        var answer = http.post("/api/v1/runs", json);
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(202);
        return answer.json().path("id").stringValue();
    }

    private JsonNode run(String id) {
        return http.get("/api/v1/runs/" + id).json();
    }

    private JsonNode awaitSucceeded(String id) {
        await().atMost(Duration.ofMinutes(2)).until(() -> !run(id).path("status").stringValue().matches("QUEUED|RUNNING"));
        JsonNode run = run(id);
        assertThat(run.path("status").stringValue()).as(run.toString()).isEqualTo("SUCCEEDED");
        return run;
    }

    private static void assertProblem(Http.Answer answer, int status, String field) {
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(status);
        assertThat(answer.json().path("errors").get(0).path("field").stringValue()).isEqualTo(field);
    }
}
