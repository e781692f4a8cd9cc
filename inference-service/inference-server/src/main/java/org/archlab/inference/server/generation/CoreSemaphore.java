package org.archlab.inference.server.generation;

import org.archlab.inference.server.InferenceProperties;
import org.archlab.problems.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The machine's cores as one resource. Generations share it, up to a limit; a measured run takes it whole,
 * so its numbers are never spoilt by other work. The semaphore is fair: a run waiting for the cores is
 * not overtaken by generations that arrive after it.
 */
@Component
public class CoreSemaphore {

    private final int slots;
    private final Semaphore free;
    private final Duration retryAfter;
    private volatile boolean measuring;

    CoreSemaphore(InferenceProperties properties) {
        this.slots = properties.limits().maxGenerations();
        this.free = new Semaphore(slots, true);
        this.retryAfter = properties.limits().retryAfter();
    }

    /** A hold on part or all of the cores; closing it twice releases once. */
    public final class Hold implements AutoCloseable {
        private final int permits;
        private boolean released;

        private Hold(int permits) {
            this.permits = permits;
        }

        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                if (permits == slots) {
                    measuring = false;
                }
                free.release(permits);
            }
        }
    }

    /**
     * One generation's share.
     *
     * @throws ApiProblem 503 with Retry-After when no share frees up within {@code wait}
     */
    public Hold forGeneration(Duration wait) {
        try {
            if (free.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                return new Hold(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String why = measuring ? "a measured run holds the device" : "all " + slots + " generation slots are busy";
        throw ApiProblem.busy(HttpStatus.SERVICE_UNAVAILABLE, "the server is busy: " + why + "; retry later", "server_busy", retryAfter);
    }

    /** All the cores, for a measured run; waits until every generation has finished. */
    public Hold whole() throws InterruptedException {
        free.acquire(slots);
        measuring = true;
        return new Hold(slots);
    }

    /** Callers waiting for cores. */
    public int waiting() {
        return free.getQueueLength();
    }

    /** Generations running now (0 while a run measures). */
    public int busy() {
        return measuring ? 0 : slots - free.availablePermits();
    }
}
