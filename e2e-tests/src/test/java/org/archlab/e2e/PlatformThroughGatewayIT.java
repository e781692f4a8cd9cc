package org.archlab.e2e;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform end to end, every service a real process with real PostgreSQL and Kafka, driven only through
 * the gateway with an API key: a two-layer variant of Qwen3-0.6B is registered, analysed, asked for a
 * completion and a streamed chat with its random weights, and benchmarked against the original through Kafka
 * until the dashboard compares them. Two layers instead of 28 keep its runs short on two cores; the original's
 * runs at 64 and 128 tokens of context take seconds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformThroughGatewayIT extends PlatformTest {

    private static final String ORIGINAL = "qwen3-0.6b";
    private static final String VARIANT = "qwen3-0.6b-2-layers";

    @Test
    @Order(1)
    void without_a_key_only_health_and_the_dashboard_page_answer() {
        var refused = gateway.anonymous().get("/api/v1/architectures/" + ORIGINAL);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(refused.json().get("code").stringValue()).isEqualTo("api_key_missing");
        assertThat(gateway.anonymous().get("/actuator/health").status()).isEqualTo(200);
        var page = gateway.anonymous().get("/dashboard/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw().body()).contains("ArchLab");
    }

    @Test
    @Order(2)
    void a_variant_of_qwen3_is_registered_with_a_merge_patch() {
        var created = gateway.post("/api/v1/architectures/" + ORIGINAL + "/variants",
                "{\"name\":\"" + VARIANT + "\",\"overrides\":{\"layers\":2}}");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        assertThat(created.json().get("derivedFrom").stringValue()).isEqualTo(ORIGINAL + "@1");
        assertThat(created.json().get("spec").get("layers").intValue()).isEqualTo(2);
        assertThat(created.json().get("spec").get("hiddenSize").intValue()).isEqualTo(1024);
    }

    @Test
    @Order(3)
    void its_analysis_counts_two_of_the_originals_28_layers() {
        JsonNode original = gateway.get("/api/v1/architectures/" + ORIGINAL + "/analysis?context=128").json();
        JsonNode variant = gateway.get("/api/v1/architectures/" + VARIANT + "/analysis?context=128").json();
        assertThat(variant.get("kvCache").get("bytesPerToken").longValue() * 14)
                .isEqualTo(original.get("kvCache").get("bytesPerToken").longValue());
        assertThat(variant.get("parameters").get("total").longValue()).isLessThan(original.get("parameters").get("total").longValue());
    }

    @Test
    @Order(4)
    void it_completes_a_prompt_with_random_weights_and_the_request_id_reaches_the_inference_log() {
        String requestId = "e2e-" + UUID.randomUUID();
        var completion = gateway.post("/v1/completions",
                "{\"model\":\"" + VARIANT + "\",\"prompt\":\"The capital of France is\",\"max_tokens\":4,\"temperature\":0}",
                "X-Request-Id", requestId);
        assertThat(completion.status()).as(completion.raw().body()).isEqualTo(200);
        assertThat(completion.header("X-Request-Id")).isEqualTo(requestId);
        assertThat(completion.json().get("model").stringValue()).startsWith(VARIANT);
        assertThat(completion.json().get("usage").get("completion_tokens").intValue()).isEqualTo(4);
        // The model loads on its first request, and the line that says so carries the gateway's request id.
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> platform.log("inference").lines().anyMatch(line -> line.contains(requestId) && line.contains("loaded")));
    }

    @Test
    @Order(5)
    void it_streams_a_chat_completion_as_server_sent_events() {
        var stream = gateway.stream("/v1/chat/completions", "{\"model\":\"" + VARIANT + "\",\"stream\":true,\"max_tokens\":4,"
                + "\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}");
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.contentType()).startsWith("text/event-stream");
        var events = new ArrayList<String>();
        stream.lines().stream().filter(line -> line.startsWith("data: ")).forEach(line -> events.add(line.substring(6)));
        assertThat(events.getLast()).isEqualTo("[DONE]");
        JsonNode first = Gateway.JSON.readTree(events.getFirst());
        assertThat(first.get("object").stringValue()).isEqualTo("chat.completion.chunk");
        assertThat(first.get("choices").get(0).get("delta").get("role").stringValue()).isEqualTo("assistant");
        assertThat(events).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    @Order(6)
    void a_benchmark_through_kafka_compares_the_variant_with_the_original_on_the_dashboard() {
        var queued = gateway.post("/api/v1/benchmarks", "{\"architectures\":[\"" + VARIANT + "\",\"" + ORIGINAL + "\"],"
                + "\"contextLengths\":[64,128],\"promptTokens\":16,\"generateTokens\":8,\"repeats\":1,\"warmup\":0,\"label\":\"e2e\"}");
        assertThat(queued.status()).as(queued.raw().body()).isEqualTo(202);
        String job = queued.json().get("id").stringValue();

        Awaitility.await("benchmark " + job).atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            var status = gateway.get("/api/v1/benchmarks/" + job).json();
            assertThat(status.get("status").stringValue()).as(status.toString()).isNotIn("FAILED", "CANCELLED");
            return status.get("status").stringValue().equals("SUCCEEDED");
        });

        var comparison = gateway.get("/api/v1/dashboard/compare?architectures=" + VARIANT + "," + ORIGINAL).json();
        assertThat(comparison.get("contexts").toString()).isEqualTo("[64,128]");
        var results = comparison.get("results");
        assertThat(results.size()).isEqualTo(4);
        for (JsonNode result : results) {
            assertThat(result.get("decodeTokensPerSecond").doubleValue()).isPositive();
            assertThat(result.get("kvCacheBytes").longValue()).isEqualTo(result.get("theoreticalKvBytes").longValue());
        }
        assertThat(kvBytes(results, VARIANT, 128) * 14).isEqualTo(kvBytes(results, ORIGINAL, 128));
    }

    @Test
    @Order(7)
    void a_benchmark_the_inference_service_says_it_cannot_run_is_refused_naming_each_field() {
        var capabilities = gateway.get("/api/v1/runs/capabilities").json();
        int beyond = capabilities.get("maxContext").intValue() + 1;
        var batchSizes = capabilities.get("batchSizes");
        int tooManySequences = batchSizes.get(batchSizes.size() - 1).intValue() + 1;

        var refused = gateway.post("/api/v1/benchmarks", "{\"architectures\":[\"" + ORIGINAL + "\"],\"batch\":" + tooManySequences + ","
                + "\"contextLengths\":[64," + beyond + "],\"promptTokens\":16,\"generateTokens\":8}");

        assertThat(refused.status()).as(refused.raw().body()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("batch", "contextLengths[1]");
    }

    private static long kvBytes(JsonNode results, String architecture, int context) {
        for (JsonNode result : results) {
            if (result.get("architecture").stringValue().equals(architecture) && result.get("contextLength").intValue() == context) {
                return result.get("kvCacheBytes").longValue();
            }
        }
        throw new AssertionError("no result for " + architecture + " at " + context + " in " + results);
    }
}
