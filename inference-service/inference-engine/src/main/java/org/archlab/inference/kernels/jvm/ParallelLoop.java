package org.archlab.inference.kernels.jvm;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs the parts of a loop on a fixed set of kernel threads plus the caller. Decode issues over a
 * hundred short matrix-vector products per token, so hand-off latency matters more than fairness:
 * idle workers spin briefly (a product follows the previous one within microseconds) before they
 * park, and parts are claimed from an atomic counter, so a slow core simply takes fewer.
 */
final class ParallelLoop implements AutoCloseable {

    /** How long an idle worker spins for the next loop before parking. */
    private static final long SPIN_NANOS = 200_000;

    private final Thread[] workers;
    private volatile Loop current;
    private volatile boolean closed;

    private static final class Loop {
        final IntConsumer body;
        final int parts;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger finishedWorkers = new AtomicInteger();
        volatile Throwable failure;

        Loop(IntConsumer body, int parts) {
            this.body = body;
            this.parts = parts;
        }

        void drain() {
            try {
                for (int part = next.getAndIncrement(); part < parts; part = next.getAndIncrement()) {
                    body.accept(part);
                }
            } catch (Throwable t) {
                failure = t;
                next.set(parts);
            }
        }
    }

    ParallelLoop(int threads) {
        workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = Thread.ofPlatform().daemon().name("archlab-kernel-" + (i + 1)).start(this::work);
        }
    }

    int threads() {
        return workers.length + 1;
    }

    /** Runs {@code body} for every part in [0, parts) and returns when all are done. */
    synchronized void forEach(int parts, IntConsumer body) {
        if (workers.length == 0 || parts <= 1) {
            for (int part = 0; part < parts; part++) {
                body.accept(part);
            }
            return;
        }
        var loop = new Loop(body, parts);
        current = loop;
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
        loop.drain();
        while (loop.finishedWorkers.get() < workers.length) {
            Thread.onSpinWait();
        }
        if (loop.failure instanceof RuntimeException e) {
            throw e;
        } else if (loop.failure instanceof Error e) {
            throw e;
        } else if (loop.failure != null) {
            throw new IllegalStateException(loop.failure);
        }
    }

    private void work() {
        Loop done = null;
        while (true) {
            Loop loop = awaitNext(done);
            if (loop == null) {
                return;
            }
            loop.drain();
            loop.finishedWorkers.incrementAndGet();
            done = loop;
        }
    }

    private Loop awaitNext(Loop done) {
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (!closed) {
            Loop loop = current;
            if (loop != done) {
                return loop;
            }
            if (System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
        return null;
    }

    @Override
    public void close() {
        closed = true;
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
    }
}
