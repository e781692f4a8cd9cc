package org.archlab.inference.server.runs;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.archlab.inference.measurement.NanoClock;
import org.archlab.inference.measurement.ProcessMemory;
import org.archlab.inference.server.InferenceProperties;
import org.archlab.inference.server.generation.CoreSemaphore;
import org.archlab.inference.server.models.ModelCatalog;
import org.archlab.inference.server.models.ModelLease;
import org.archlab.problems.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Measured runs, one at a time: a single worker takes queued runs in order and runs each with the whole device
 * (no generation shares the cores with it). Runs are idempotent by the caller's {@code requestId} and are kept
 * for a while after they finish.
 */
@Service
class RunQueue {

    private static final Logger log = LoggerFactory.getLogger(RunQueue.class);

    private final CoreSemaphore cores;
    private final ModelCatalog catalog;
    private final MachineDescription machine;
    private final ApplicationEventPublisher events;
    private final int capacity;
    private final Duration retention;
    private final Duration retryAfter;
    private final Thread worker;
    private volatile boolean stopping;

    // Guarded by this.
    private final ArrayDeque<MeasuredRun> queue = new ArrayDeque<>();
    /** The run the worker has taken and that waits for the device: still QUEUED, at position 0. */
    private MeasuredRun next;
    private final Map<String, MeasuredRun> runs = new LinkedHashMap<>();
    private final Map<String, MeasuredRun> byRequestId = new HashMap<>();

    RunQueue(CoreSemaphore cores, ModelCatalog catalog, MachineDescription machine, ApplicationEventPublisher events,
             InferenceProperties properties, MeterRegistry meters) {
        this.cores = cores;
        this.catalog = catalog;
        this.machine = machine;
        this.events = events;
        this.capacity = properties.runs().queueCapacity();
        this.retention = properties.runs().retention();
        this.retryAfter = properties.limits().retryAfter();
        Gauge.builder("archlab.inference.runs.queued", this, RunQueue::queued).description("measured runs waiting").register(meters);
        this.worker = Thread.ofPlatform().daemon().name("archlab-runs").start(this::work);
    }

    /** A run that was created, or the existing one for a repeated requestId. */
    record Submitted(MeasuredRun run, boolean created) {
    }

    synchronized Submitted submit(MeasuredRun run) {
        forgetExpired();
        String key = run.request().requestId();
        if (key != null && byRequestId.containsKey(key)) {
            return new Submitted(byRequestId.get(key), false);
        }
        if (queued() >= capacity) {
            throw ApiProblem.busy(HttpStatus.TOO_MANY_REQUESTS, capacity + " runs are already queued; retry later", "queue_full", retryAfter);
        }
        runs.put(run.id(), run);
        if (key != null) {
            byRequestId.put(key, run);
        }
        queue.add(run);
        notifyAll();
        return new Submitted(run, true);
    }

    private synchronized int queued() {
        return queue.size() + (next != null ? 1 : 0);
    }

    synchronized Optional<RunView> find(String id) {
        forgetExpired();
        return Optional.ofNullable(runs.get(id)).map(this::view);
    }

    synchronized RunView view(MeasuredRun run) {
        Integer position = null;
        if (run.status() == MeasuredRun.Status.QUEUED) {
            position = run == next ? 0 : new ArrayList<>(queue).indexOf(run) + (next != null ? 1 : 0);
        }
        return new RunView(run.id(), run.status().name(), position, run.error(), run.request(), run.result());
    }

    private void forgetExpired() {
        Instant horizon = Instant.now().minus(retention);
        List<MeasuredRun> expired = runs.values().stream().filter(r -> r.finishedAt() != null && r.finishedAt().isBefore(horizon)).toList();
        for (MeasuredRun run : expired) {
            runs.remove(run.id());
            if (run.request().requestId() != null) {
                byRequestId.remove(run.request().requestId());
            }
        }
    }

    private void work() {
        while (!stopping) {
            try {
                execute(take());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized MeasuredRun take() throws InterruptedException {
        while (queue.isEmpty()) {
            wait();
        }
        next = queue.poll();
        return next;
    }

    /** The run leaves the queue for good: it starts, or it fails before it could. */
    private synchronized void leaveQueue(MeasuredRun run, boolean starting) {
        if (starting) {
            run.start();
        }
        if (next == run) {
            next = null;
        }
    }

    private void execute(MeasuredRun run) {
        long start = 0;
        try (CoreSemaphore.Hold whole = cores.whole()) {
            start = System.nanoTime();
            leaveQueue(run, true);
            ProcessMemory.resetPeak();
            try (ModelLease lease = catalog.acquire(run.source())) {
                run.succeed(new MeasurementProcedure(lease.model(), run.request(), () -> stopping, NanoClock.system()).measure(machine.environment()));
            }
        } catch (InterruptedException e) {
            leaveQueue(run, false);
            run.fail("the service stopped before the run could start");
            Thread.currentThread().interrupt();
        } catch (ApiProblem e) {
            run.fail(e.getMessage());
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            log.warn("run {} failed", run.id(), e);
            run.fail(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        log.info("run {} of {} {}", run.id(), run.request().model(), run.status());
        events.publishEvent(new RunFinished(run.id(), run.status().name(), start, System.nanoTime()));
    }

    @PreDestroy
    void stop() {
        stopping = true;
        worker.interrupt();
    }
}
