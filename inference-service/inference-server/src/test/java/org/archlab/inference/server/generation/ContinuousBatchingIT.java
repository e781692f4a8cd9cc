package org.archlab.inference.server.generation;

import org.archlab.inference.server.Http;
import org.archlab.inference.server.RunningServer;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrent completions on one model decode together: sixteen at once on a random-weight qwen3-0.6b all answer 200
 * (none is refused as busy), each with the text it gets when it runs alone (greedy). The test prints how long the
 * sixteen took together against one after another; that speed-up is a measurement, not asserted.
 */
@TestPropertySource(properties = {"archlab.inference.max-batch=16", "archlab.inference.limits.queue-wait=30s"})
class ContinuousBatchingIT extends RunningServer {

    private static final String MODEL = "qwen3-0.6b";
    private static final int REQUESTS = 16;
    private static final int MAX_TOKENS = 16;

    @Test
    void sixteen_concurrent_completions_share_decode_steps_and_answer_as_each_would_alone() throws Exception {
        assertThat(complete(http, -1).status()).isEqualTo(200);

        long sequentialStart = System.nanoTime();
        List<String> alone = new ArrayList<>();
        List<Integer> aloneTokens = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            Http.Answer answer = complete(http, i);
            assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
            alone.add(text(answer));
            aloneTokens.add(answer.json().path("usage").path("completion_tokens").intValue());
        }
        double sequentialSeconds = (System.nanoTime() - sequentialStart) / 1e9;

        long concurrentStart = System.nanoTime();
        List<Http.Answer> together;
        try (var threads = Executors.newFixedThreadPool(REQUESTS)) {
            List<CompletableFuture<Http.Answer>> answers = IntStream.range(0, REQUESTS)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> complete(new Http(port), i), threads)).toList();
            together = answers.stream().map(CompletableFuture::join).toList();
        }
        double concurrentSeconds = (System.nanoTime() - concurrentStart) / 1e9;

        for (int i = 0; i < REQUESTS; i++) {
            Http.Answer answer = together.get(i);
            assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
            assertThat(text(answer)).as("request %d", i).isEqualTo(alone.get(i));
            assertThat(answer.json().path("usage").path("completion_tokens").intValue()).isEqualTo(aloneTokens.get(i));
        }
        System.out.printf("continuous batching: %d completions of %d tokens on %s: one after another %.2f s, "
                        + "concurrently %.2f s, speed-up %.2fx%n", REQUESTS, MAX_TOKENS, MODEL, sequentialSeconds,
                concurrentSeconds, sequentialSeconds / concurrentSeconds);
    }

    /** A greedy completion of a prompt of its own ({@code i}). */
    private static Http.Answer complete(Http client, int i) {
        return client.post("/v1/completions", "{\"model\": \"" + MODEL + "\", \"prompt\": \"request number " + i
                + " says\", \"max_tokens\": " + MAX_TOKENS + ", \"temperature\": 0}");
    }

    private static String text(Http.Answer answer) {
        return answer.json().path("choices").path(0).path("text").stringValue();
    }
}
