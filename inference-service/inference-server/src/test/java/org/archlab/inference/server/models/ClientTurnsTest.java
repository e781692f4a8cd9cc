package org.archlab.inference.server.models;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A model's seats: as many generations as seats run at once, the next waits for a freed seat. */
class ClientTurnsTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void as_many_requests_as_seats_take_one_at_once_and_the_next_waits_for_a_freed_seat() throws Exception {
        var turns = new ClientTurns();
        assertThat(turns.take("a", LONG, 4, 2)).isEqualTo(ClientTurns.Outcome.TAKEN);
        assertThat(turns.take("b", LONG, 4, 2)).isEqualTo(ClientTurns.Outcome.TAKEN);
        assertThat(turns.take("c", Duration.ofMillis(10), 4, 2)).isEqualTo(ClientTurns.Outcome.TIMED_OUT);

        CompletableFuture<ClientTurns.Outcome> waiting = CompletableFuture.supplyAsync(() -> take(turns, "c"), Thread::startVirtualThread);
        await().until(() -> turns.waiting() == 1);
        assertThat(turns.held()).isEqualTo(2);
        turns.release();

        assertThat(waiting.join()).isEqualTo(ClientTurns.Outcome.TAKEN);
        assertThat(turns.held()).isEqualTo(2);
        turns.release();
        turns.release();
        assertThat(turns.held()).isZero();
    }

    @Test
    void one_seat_is_a_single_turn() throws Exception {
        var turns = new ClientTurns();
        assertThat(turns.take("a", LONG, 4, 1)).isEqualTo(ClientTurns.Outcome.TAKEN);
        assertThat(turns.take("b", Duration.ofMillis(10), 4, 1)).isEqualTo(ClientTurns.Outcome.TIMED_OUT);
        turns.release();
        assertThat(turns.take("b", Duration.ofMillis(10), 4, 1)).isEqualTo(ClientTurns.Outcome.TAKEN);
    }

    private static ClientTurns.Outcome take(ClientTurns turns, String client) {
        try {
            return turns.take(client, LONG, 4, 2);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
