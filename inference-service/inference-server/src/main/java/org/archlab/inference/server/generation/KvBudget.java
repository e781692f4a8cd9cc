package org.archlab.inference.server.generation;

import org.archlab.inference.server.InferenceProperties;
import org.archlab.problems.ApiProblem;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The memory all running generations' KV caches and recurrent states may take together. Each generation asks for
 * the bytes its context needs (the registry's estimate, {@code RandomModel.estimatedCacheBytes}) before its sequence
 * joins a batch; requests are served first come, first served, so a large one is not starved by a stream of small
 * ones, and none waits longer than it is allowed.
 */
@Component
public class KvBudget {

    private final long total;
    private final Duration retryAfter;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final ArrayDeque<Condition> queue = new ArrayDeque<>();
    private long used;

    @Autowired
    KvBudget(InferenceProperties properties) {
        this(properties.kvBudget().toBytes(), properties.limits().retryAfter());
    }

    KvBudget(long total, Duration retryAfter) {
        this.total = total;
        this.retryAfter = retryAfter;
    }

    /** Bytes held by a generation; closing it twice frees them once. */
    public final class Hold implements AutoCloseable {
        private final long bytes;
        private boolean released;

        private Hold(long bytes) {
            this.bytes = bytes;
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (!released) {
                    released = true;
                    used -= bytes;
                    if (!queue.isEmpty()) {
                        queue.peekFirst().signal();
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Takes {@code bytes} of the budget, waiting in line up to {@code wait}.
     *
     * @throws ApiProblem 400 when the context alone exceeds the budget; 503 with Retry-After when the bytes do not
     *                    free up in time
     */
    public Hold take(long bytes, Duration wait, String what) {
        if (bytes > total) {
            throw ApiProblem.field("max_tokens", what + " needs " + bytes + " bytes of KV cache, more than the "
                    + total + " all generations may hold together; ask for fewer tokens");
        }
        lock.lock();
        try {
            if (queue.isEmpty() && used + bytes <= total) {
                used += bytes;
                return new Hold(bytes);
            }
            Condition turn = lock.newCondition();
            queue.addLast(turn);
            long left = wait.toNanos();
            try {
                while ((queue.peekFirst() != turn || used + bytes > total) && left > 0) {
                    left = turn.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                left = 0;
            }
            boolean fits = queue.peekFirst() == turn && used + bytes <= total;
            queue.remove(turn);
            if (!queue.isEmpty()) {
                queue.peekFirst().signal();
            }
            if (!fits) {
                throw ApiProblem.busy(HttpStatus.SERVICE_UNAVAILABLE, "the KV budget of running generations (" + total
                        + " bytes, " + used + " in use) has no room for " + what + "'s " + bytes + " bytes; retry later",
                        "kv_budget_full", retryAfter);
            }
            used += bytes;
            return new Hold(bytes);
        } finally {
            lock.unlock();
        }
    }

    /** Generations waiting for bytes. */
    public int waiting() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

        /** Bytes running generations hold now. */
    public long used() {
        lock.lock();
        try {
            return used;
        } finally {
            lock.unlock();
        }
    }
}
