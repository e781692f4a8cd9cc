package org.archlab.inference.server.generation;

import org.archlab.inference.server.InferenceProperties;
import org.archlab.inference.server.models.LoadedModel;
import org.archlab.inference.server.models.ModelLease;
import org.archlab.problems.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Runs generations within the limits: a bounded number at once on the device, one at a time per model,
 * each waiting a bounded time for its turn before it is refused — never an unbounded queue, never a hang.
 */
@Service
public class Generations {

    private final CoreSemaphore cores;
    private final GenerationMetrics metrics;
    private final Duration queueWait;
    private final Duration retryAfter;

    Generations(CoreSemaphore cores, GenerationMetrics metrics, InferenceProperties properties) {
        this.cores = cores;
        this.metrics = metrics;
        this.queueWait = properties.limits().queueWait();
        this.retryAfter = properties.limits().retryAfter();
    }

    /** A request's work, prepared against its model, and the reservation to run it with. */
    public record Reserved<T>(Reservation reservation, T work) {
    }

    /**
     * Prepares a request against the leased model (tokenizing, checking against its context), then takes a share of
     * the device and the model's turn; the reservation then owns the lease. On any refusal the lease is released.
     *
     * @throws ApiProblem what {@code prepare} refuses; 503 when the device stays busy, 429 when the model stays busy
     */
    public <T> Reserved<T> reserve(ModelLease lease, Function<LoadedModel, T> prepare) {
        try {
            T work = prepare.apply(lease.model());
            return new Reserved<>(reserve(lease), work);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    private Reservation reserve(ModelLease lease) {
        CoreSemaphore.Hold hold = cores.forGeneration(queueWait);
        LoadedModel model = lease.model();
        boolean turn;
        try {
            turn = model.takeTurn(queueWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            turn = false;
        }
        if (!turn) {
            hold.close();
            throw ApiProblem.busy(HttpStatus.TOO_MANY_REQUESTS, "model " + model.id() + " is busy with another generation ("
                    + model.waiting() + " waiting); retry later", "model_busy", retryAfter);
        }
        return new Reservation(lease, hold);
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
