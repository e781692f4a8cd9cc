package org.archlab.inference.server.generation;

import org.archlab.inference.server.InferenceProperties;
import org.archlab.inference.server.models.ClientTurns;
import org.archlab.inference.server.models.LoadedModel;
import org.archlab.inference.server.models.ModelLease;
import org.archlab.problems.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Runs generations within the limits: one at a time per model, its turn passed round the waiting clients, then a
 * bounded number at once on the device; each request waits a bounded time before it is refused, and each client may
 * keep only so many waiting — never an unbounded queue, never a hang, never one client's backlog in front of another's.
 */
@Service
public class Generations {

    private final CoreSemaphore cores;
    private final GenerationMetrics metrics;
    private final Duration queueWait;
    private final Duration retryAfter;
    private final int mostWaitingPerClient;

    Generations(CoreSemaphore cores, GenerationMetrics metrics, InferenceProperties properties) {
        this.cores = cores;
        this.metrics = metrics;
        this.queueWait = properties.limits().queueWait();
        this.retryAfter = properties.limits().retryAfter();
        this.mostWaitingPerClient = properties.limits().maxWaitingPerClient();
    }

    /** A request's work, prepared against its model, and the reservation to run it with. */
    public record Reserved<T>(Reservation reservation, T work) {
    }

    /**
     * Prepares a request against the leased model (tokenizing, checking against its context and the limits), then
     * takes the model's turn in {@code client}'s place in the rotation and a share of the device; the reservation then
     * owns the lease. On any refusal the lease is released.
     *
     * @throws ApiProblem what {@code prepare} refuses; 429 when the model stays busy or the client has too many
     *                    requests waiting, 503 when the device stays busy
     */
    public <T> Reserved<T> reserve(ModelLease lease, String client, Function<LoadedModel, T> prepare) {
        try {
            T work = prepare.apply(lease.model());
            return new Reserved<>(reserve(lease, client), work);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    // The model's turn comes first: requests waiting for a busy model hold none of the device's slots, so a flood of
    // one model cannot take the slots that requests for other models need.
    private Reservation reserve(ModelLease lease, String client) {
        LoadedModel model = lease.model();
        long deadline = System.nanoTime() + queueWait.toNanos();
        ClientTurns.Outcome outcome;
        try {
            outcome = model.takeTurn(client, queueWait, mostWaitingPerClient);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = ClientTurns.Outcome.TIMED_OUT;
        }
        switch (outcome) {
            case TOO_MANY_WAITING -> throw ApiProblem.busy(HttpStatus.TOO_MANY_REQUESTS, "client '" + client + "' already has "
                    + mostWaitingPerClient + " requests waiting for model " + model.id() + "; wait for their answers", "client_queue_full",
                    retryAfter);
            case TIMED_OUT -> throw ApiProblem.busy(HttpStatus.TOO_MANY_REQUESTS, "model " + model.id()
                    + " is busy with another generation (" + model.waiting() + " waiting); retry later", "model_busy", retryAfter);
            case TAKEN -> {
            }
        }
        try {
            return new Reservation(lease, cores.forGeneration(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
        } catch (RuntimeException e) {
            model.endTurn();
            throw e;
        }
    }

    /**
     * Generates for one prompt. The prompt and max_tokens must fit the model's context (callers check first).
     *
     * @param sink      receives text as it becomes final; {@link TextSink#NONE} when nothing streams
     * @param cancelled polled between tokens; true stops the generation with {@link GenerationCancelled}
     */
    public Generated generate(Reservation reservation, int[] prompt, GenerationSettings settings, TextSink sink,
                              BooleanSupplier cancelled) {
        String model = reservation.model().id();
        try {
            Generated generated = new Generation(reservation.model(), settings, sink, cancelled, metrics).run(prompt);
            metrics.finished(model, "completed");
            return generated;
        } catch (GenerationCancelled e) {
            metrics.finished(model, "cancelled");
            throw e;
        } catch (RuntimeException e) {
            metrics.finished(model, "failed");
            throw e;
        }
    }
}
