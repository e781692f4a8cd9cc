package org.archlab.inference.server.generation;

import io.micrometer.core.instrument.MeterRegistry;
import org.archlab.inference.server.OpenStream;
import org.archlab.inference.server.RunningServer;
import org.archlab.inference.server.StandInRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A model's turn goes round the clients (the gateway names each API key in X-ArchLab-Client): a client's backlog waits
 * behind its own requests, never in front of another client's, and a client may keep only so many waiting. The wait is
 * long here so that nothing is refused for time while the order is watched.
 */
@TestPropertySource(properties = {"archlab.inference.limits.queue-wait=60s", "archlab.inference.limits.max-waiting-per-client=2"})
class FairTurnsIT extends RunningServer {

    private static final String SLOW = StandInRegistry.SLOW;

    @Autowired
    MeterRegistry meters;

    /** When a request's answer came, and what it was. */
    private record Answered(int status, long atNanos) {
    }

    @Test
    void a_client_that_asks_after_another_clients_backlog_is_served_before_that_backlog() {
        CompletableFuture<Answered> flooderSecond;
        CompletableFuture<Answered> flooderThird;
        CompletableFuture<Answered> other;
        try (var flooderFirst = OpenStream.start(port, SLOW, 900, "flooder")) {
            flooderSecond = completeAsync("flooder", 1);
            flooderThird = completeAsync("flooder", 2);
            other = completeAsync("other", 3);
        }

        assertThat(other.join().status()).isEqualTo(200);
        assertThat(flooderSecond.join().status()).isEqualTo(200);
        assertThat(flooderThird.join().status()).isEqualTo(200);
        assertThat(other.join().atNanos()).isLessThan(flooderSecond.join().atNanos()).isLessThan(flooderThird.join().atNanos());
    }

    @Test
    void a_client_with_as_many_requests_waiting_as_it_may_is_refused_429_at_once_while_others_still_queue() {
        CompletableFuture<Answered> other;
        CompletableFuture<?>[] waiting;
        try (var flooderFirst = OpenStream.start(port, SLOW, 900, "flooder")) {
            waiting = new CompletableFuture<?>[] {completeAsync("flooder", 1), completeAsync("flooder", 2)};

            var refused = http.post("/v1/completions", body(), "X-ArchLab-Client", "flooder");

            assertThat(refused.status()).as(refused.raw().body()).isEqualTo(429);
            assertThat(refused.header("Retry-After")).hasValue("1");
            assertThat(refused.json().path("error").path("code").stringValue()).isEqualTo("client_queue_full");
            other = completeAsync("other", 3);
        }
        assertThat(other.join().status()).isEqualTo(200);
        CompletableFuture.allOf(waiting).join();
    }

    /** Sends a short completion as {@code client} and returns once it waits as the {@code position}-th in the queue. */
    private CompletableFuture<Answered> completeAsync(String client, int position) {
        var answer = CompletableFuture.supplyAsync(() -> {
            var answered = http.post("/v1/completions", body(), "X-ArchLab-Client", client);
            return new Answered(answered.status(), System.nanoTime());
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> meters.get("archlab.inference.queue.depth").gauge().value() >= position);
        return answer;
    }

    /** Long enough that the order the answers arrive in is the order the model served them, whatever the threads' timing. */
    private static String body() {
        return "{\"model\": \"" + SLOW + "\", \"prompt\": \"next\", \"max_tokens\": 16, \"temperature\": 0}";
    }
}
