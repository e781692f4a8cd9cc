package org.archlab.e2e;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One model shared by several clients through the gateway, every service a real process: a client that hangs up on
 * a completion (streamed or not) stops its generation and frees the model, and one key's backlog does not starve
 * another key's request. The inference service's own metrics and log are read to watch the generation, never to drive it.
 */
class SharedModelThroughGatewayIT extends PlatformTest {

    /** Two layers of Qwen3-0.6B with random weights: a token in tens of milliseconds, so a long generation is long but not endless. */
    private final String model = "qwen3-0.6b-shared-" + UUID.randomUUID().toString().substring(0, 8);
    /** Far more tokens than a test waits for, within the default context (2048). */
    private static final int LONG = 1500;

    private Gateway writer;

    /**
     * One seat per model: the keys' turns decide who gets a model's seats, and with one seat the order in which
     * they are served is the order the answers arrive in (with the default, sixteen requests decode together).
     */
    @Override
    Map<String, String> inferenceSettings() {
        return Map.of("ARCHLAB_INFERENCE_MAXBATCH", "1");
    }

    /** Runs after {@link PlatformTest}'s start: {@code gateway} is the admin key's client. */
    @BeforeAll
    void writerAndModel() {
        writer = new Gateway(platform.gatewayUrl(), platform.writerKey());
        var created = gateway.post("/api/v1/architectures/qwen3-0.6b/variants", "{\"name\":\"" + model + "\",\"overrides\":{\"layers\":2}}");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        var warm = gateway.post("/v1/completions", completion(1));
        assertThat(warm.status()).as(warm.raw().body()).isEqualTo(200);
    }

    @Test
    void a_client_that_hangs_up_on_a_completion_that_is_not_streamed_stops_its_generation_and_frees_the_model() {
        long abandonedBefore = abandonedInLog();
        double before = tokensGenerated();
        var abandoned = unanswered(platform.apiKey(), completion(LONG));
        Awaitility.await("generation started").atMost(Duration.ofSeconds(60)).until(() -> tokensGenerated() > before + 2);

        hangUp(abandoned);

        Awaitility.await("abandoned in the log").atMost(Duration.ofSeconds(15)).until(() -> abandonedInLog() > abandonedBefore);
        double stopped = tokensGenerated();
        assertThat(stopped - before).isLessThan(LONG);
        var next = writer.post("/v1/completions", completion(1));
        assertThat(next.status()).as(next.raw().body()).isEqualTo(200);
        assertThat(tokensGenerated()).isEqualTo(stopped + 1);
    }

    @Test
    void one_keys_backlog_waits_behind_a_request_of_another_key() {
        double before = tokensGenerated();
        var holding = unanswered(platform.apiKey(), completion(LONG));
        Awaitility.await("model busy").atMost(Duration.ofSeconds(60)).until(() -> tokensGenerated() > before + 2);
        var floodSecond = timed(gateway);
        awaitQueueDepth(1);
        var floodThird = timed(gateway);
        awaitQueueDepth(2);
        var other = timed(writer);
        awaitQueueDepth(3);

        hangUp(holding);

        assertThat(other.join().status()).isEqualTo(200);
        assertThat(floodSecond.join().status()).isEqualTo(200);
        assertThat(floodThird.join().status()).isEqualTo(200);
        assertThat(other.join().atNanos()).isLessThan(floodSecond.join().atNanos()).isLessThan(floodThird.join().atNanos());
    }

    private record Answered(int status, long atNanos) {
    }

    /** A completion long enough that the order the answers arrive in is the order the model served them. */
    private CompletableFuture<Answered> timed(Gateway client) {
        return CompletableFuture.supplyAsync(() -> {
            var answer = client.post("/v1/completions", completion(16));
            return new Answered(answer.status(), System.nanoTime());
        });
    }

    private long abandonedInLog() {
        return platform.log("inference").lines().filter(line -> line.contains("POST /v1/completions abandoned (499")).count();
    }

    private void awaitQueueDepth(int depth) {
        Awaitility.await("queue depth " + depth).atMost(Duration.ofSeconds(30)).until(() -> queueDepth() >= depth);
    }

    private String completion(int maxTokens) {
        return "{\"model\":\"" + model + "\",\"prompt\":\"Tell me a long story\",\"max_tokens\":" + maxTokens + ",\"temperature\":0}";
    }

    private double tokensGenerated() {
        return metric("archlab_inference_tokens_generated_total\\{[^}]*model=\"" + Pattern.quote(model) + "@[^}]*} (\\S+)");
    }

    private double queueDepth() {
        return metric("archlab_inference_queue_depth\\{[^}]*} (\\S+)");
    }

    private double metric(String pattern) {
        Matcher matcher = Pattern.compile(pattern).matcher(platform.metrics("inference"));
        double sum = 0;
        while (matcher.find()) {
            sum += Double.parseDouble(matcher.group(1));
        }
        return sum;
    }

    /** Sends a completion through the gateway over a socket of its own and leaves the answer unread. */
    private Socket unanswered(String key, String json) {
        try {
            URI gateway = URI.create(platform.gatewayUrl());
            var socket = new Socket(InetAddress.getLoopbackAddress(), gateway.getPort());
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            String head = "POST /v1/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
            var out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the connection at once, as a client that gives up does. */
    private static void hangUp(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
