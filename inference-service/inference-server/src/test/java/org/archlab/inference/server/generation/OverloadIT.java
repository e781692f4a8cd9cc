package org.archlab.inference.server.generation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.archlab.inference.server.OpenStream;
import org.archlab.inference.server.RunningServer;
import org.archlab.inference.server.StandInRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Duration;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Under load the server answers at once — 429 or 503 with Retry-After, never a hang — and a client that hangs up
 * stops its generation, streamed or not. A random-weight model with a full-size vocabulary keeps a stream busy long enough.
 */
class OverloadIT extends RunningServer {

    private static final String SLOW = StandInRegistry.SLOW;
    private static final String SLOW_ID = SLOW + "@1:Q8_0";
    private static final int MAX_TOKENS = 900;

    @Autowired
    MeterRegistry meters;

    @Test
    void hanging_up_a_stream_stops_its_generation_and_frees_the_model() {
        double cancelledBefore = count("archlab.inference.generations", "cancelled");
        double tokensBefore = count("archlab.inference.tokens.generated", null);

        OpenStream.start(port, SLOW, MAX_TOKENS).close();

        await().atMost(Duration.ofSeconds(60)).until(() -> count("archlab.inference.generations", "cancelled") == cancelledBefore + 1);
        assertThat(count("archlab.inference.tokens.generated", null) - tokensBefore).isLessThan(MAX_TOKENS);
        assertThat(http.post("/v1/completions", "{\"model\": \"" + SLOW + "\", \"prompt\": \"again\", \"max_tokens\": 1}").status())
                .isEqualTo(200);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void hanging_up_on_a_completion_that_is_not_streamed_stops_its_generation_and_it_is_logged_as_abandoned(CapturedOutput output) {
        // Streams hung up by other tests may still be ending: this one must be the only generation.
        await().atMost(Duration.ofSeconds(30)).until(() -> meters.get("archlab.inference.generations.active").gauge().value() == 0);
        double tokensBefore = count("archlab.inference.tokens.generated", null);

        try (var unanswered = OpenStream.unanswered(port, SLOW, MAX_TOKENS)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> count("archlab.inference.tokens.generated", null) > tokensBefore + 2);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("POST /v1/completions abandoned"));
        assertThat(output.getOut()).containsPattern("POST /v1/completions abandoned \\(499, client closed the connection\\): the client of "
                + Pattern.quote(SLOW_ID) + " went away after \\d+ of at most " + MAX_TOKENS + " tokens");
        assertThat(count("archlab.inference.tokens.generated", null) - tokensBefore).isLessThan(MAX_TOKENS);
        assertThat(http.post("/v1/completions", "{\"model\": \"" + SLOW + "\", \"prompt\": \"again\", \"max_tokens\": 1}").status())
                .isEqualTo(200);
    }

    @Test
    void a_request_for_a_model_busy_with_another_generation_is_429_with_retry_after() {
        try (var busy = OpenStream.start(port, SLOW, MAX_TOKENS)) {
            var answer = http.post("/v1/completions", "{\"model\": \"" + SLOW + "\", \"prompt\": \"me too\", \"max_tokens\": 1}");

            assertThat(answer.status()).as(answer.raw().body()).isEqualTo(429);
            assertThat(answer.header("Retry-After")).hasValue("1");
            assertThat(answer.json().path("error").path("code").stringValue()).isEqualTo("model_busy");
        }
    }

    @Test
    void when_every_generation_slot_is_taken_a_request_is_503_with_retry_after() {
        try (var first = OpenStream.start(port, SLOW, MAX_TOKENS); var second = OpenStream.start(port, SLOW + ":Q4_0", MAX_TOKENS)) {
            var answer = http.post("/v1/completions", "{\"model\": \"" + LLAMA + "\", \"prompt\": \"room?\", \"max_tokens\": 1}");

            assertThat(answer.status()).as(answer.raw().body()).isEqualTo(503);
            assertThat(answer.header("Retry-After")).hasValue("1");
            assertThat(answer.json().path("error").path("type").stringValue()).isEqualTo("server_overloaded");
        }
    }

    private double count(String name, String outcome) {
        var search = meters.find(name).tag("model", SLOW_ID);
        if (outcome != null) {
            search = search.tag("outcome", outcome);
        }
        Counter counter = search.counter();
        return counter == null ? 0 : counter.count();
    }
}
