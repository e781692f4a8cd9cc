package org.archlab.inference.server.generation;

import org.archlab.inference.cache.ContextMemory;
import org.archlab.inference.model.RandomModel;
import org.archlab.inference.server.InferenceProperties;
import org.archlab.inference.server.models.ClientTurns;
import org.archlab.inference.server.models.LoadedModel;
import org.archlab.inference.server.models.ModelLease;
import org.archlab.problems.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs generations within the limits: up to {@code max-batch} per model decode together (continuous batching, see
 * {@link ModelBatch}), their seats passed round the waiting clients; the models with generations running share the
 * device up to {@code max-generations}; the running generations' KV caches share the {@code kv-budget}. Each request
 * waits a bounded time before it is refused, and each client may keep only so many waiting — never an unbounded
 * queue, never a hang, never one client's backlog in front of another's.
 */
@Service
public class Generations {

    private final CoreSemaphore cores;
    private final GenerationMetrics metrics;
    private final Duration queueWait;
    private final Duration retryAfter;
    private final int mostWaitingPerClient;
    private final int maxBatch;
    private final KvBudget kvBudget;
    /** The batches of models with generations running or just finished; a model's entry goes with its last seat. */
    private final Map<LoadedModel, ModelBatch> batches = new ConcurrentHashMap<>();
    /** Per model with a seat taken: the share of the device all its generations use together. */
    private final Map<LoadedModel, SharedCores> deviceShares = new ConcurrentHashMap<>();

    Generations(CoreSemaphore cores, GenerationMetrics metrics, KvBudget kvBudget, InferenceProperties properties) {
        this.cores = cores;
        this.metrics = metrics;
        this.kvBudget = kvBudget;
        this.maxBatch = properties.maxBatch();
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
            outcome = model.takeTurn(client, queueWait, mostWaitingPerClient, maxBatch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = ClientTurns.Outcome.TIMED_OUT;
        }
        switch (outcome) {
            case TOO_MANY_WAITING -> throw ApiProblem.busy(HttpStatus.TOO_MANY_REQUESTS, "client '" + client + "' already has "
                    + mostWaitingPerClient + " requests waiting for model " + model.id() + "; wait for their answers", "client_queue_full",
                    retryAfter);
            case TIMED_OUT -> throw ApiProblem.busy(HttpStatus.TOO_MANY_REQUESTS, "model " + model.id()
                    + " is busy: its batch of " + maxBatch + " generations is full (" + model.waiting() + " waiting); retry later",
                    "model_busy", retryAfter);
            case TAKEN -> {
            }
        }
        try {
            return new Reservation(lease, deviceShare(model, Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
        } catch (RuntimeException e) {
            model.endTurn();
            throw e;
        }
    }

    /** Joins the model's share of the device, taking one first when its batch has none. */
    private AutoCloseable deviceShare(LoadedModel model, Duration wait) {
        while (true) {
            SharedCores share = deviceShares.computeIfAbsent(model, m -> new SharedCores());
            AutoCloseable joined = share.join(() -> cores.forGeneration(wait), () -> deviceShares.remove(model, share));
            if (joined != null) {
                return joined;
            }
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
        LoadedModel model = reservation.model();
        String id = model.id();
        if (settings.maxTokens() == 0 && !(settings.promptLogprobs() && settings.logprobs())) {
            metrics.finished(id, "completed");
            return new Generated(List.of(), "", Generated.FinishReason.LENGTH, List.of(), List.of());
        }
        int context = Math.min(model.context(), prompt.length + settings.maxTokens());
        // One seat per model: the model's own cache (counted in its memory) serves, and a resident decoder stays in use.
        boolean alone = maxBatch == 1;
        long kvBytes = alone ? 0 : RandomModel.estimatedCacheBytes(model.transformer().spec(), context,
                model.transformer().kvCacheType());
        try (KvBudget.Hold ignored = kvBudget.take(kvBytes, queueWait, "a generation of " + context + " positions on " + id)) {
            ContextMemory memory = alone ? model.transformer().ownMemory() : model.transformer().newSequenceMemory(context);
            var generation = new Generation(model, prompt, settings, sink, metrics, memory);
            while (!batchOf(model).join(generation)) {
                Thread.onSpinWait();
            }
            Generated generated = await(generation, cancelled);
            metrics.finished(id, "completed");
            return generated;
        } catch (GenerationCancelled e) {
            metrics.finished(id, "cancelled");
            throw e;
        } catch (RuntimeException e) {
            metrics.finished(id, "failed");
            throw e;
        }
    }

    /**
     * Waits for a generation on the request's own thread, which is the one that may ask whether its client is still
     * there; a client gone cancels the generation.
     */
    private static Generated await(Generation generation, BooleanSupplier cancelled) {
        while (true) {
            try {
                return generation.result().get(50, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (cancelled.getAsBoolean()) {
                    generation.cancel();
                }
            } catch (InterruptedException e) {
                generation.cancel();
                Thread.currentThread().interrupt();
                throw new GenerationCancelled("the request was interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("the generation failed: " + e.getCause(), e.getCause());
            }
        }
    }

    private ModelBatch batchOf(LoadedModel model) {
        return batches.computeIfAbsent(model, m -> {
            ModelBatch[] self = new ModelBatch[1];
            self[0] = new ModelBatch(m.transformer(), m.id(), () -> batches.remove(m, self[0]));
            return self[0];
        });
    }

    /** Generations of {@code model} decoding together now. */
    public int batchSize(LoadedModel model) {
        ModelBatch batch = batches.get(model);
        return batch == null ? 0 : batch.size();
    }

    /**
     * One share of the device held for as long as any generation of a model holds a seat: the model's batch runs as
     * one generation on the device however many sequences it decodes.
     */
    private static final class SharedCores {
        private int users;
        private AutoCloseable hold;
        private boolean gone;

        /** Joins (taking the device share first when nobody holds it); null when this share has just been given up. */
        synchronized AutoCloseable join(Supplier<AutoCloseable> take, Runnable forget) {
            if (gone) {
                return null;
            }
            if (users == 0) {
                hold = take.get();
            }
            users++;
            return new AutoCloseable() {
                private boolean closed;

                @Override
                public void close() throws Exception {
                    synchronized (SharedCores.this) {
                        if (closed) {
                            return;
                        }
                        closed = true;
                        if (--users == 0) {
                            gone = true;
                            forget.run();
                            hold.close();
                        }
                    }
                }
            };
        }
    }
}
