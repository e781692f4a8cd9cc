package org.archlab.inference.server.models;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A model's seats in its decode batch (one seat per generation; {@code seats} of them decode together), handed to
 * the clients waiting for them in rotation: when a generation ends, the freed seat goes to the longest-waiting client
 * other than the one served last, each client's own requests in the order they came. One client's backlog therefore
 * waits behind its own requests, never in front of another client's, and a client may keep only so many requests
 * waiting. With one seat this is a single turn passed round.
 */
public final class ClientTurns {

    /** How a request for the turn ended. */
    public enum Outcome {
        TAKEN,
        /** The wait ran out. */
        TIMED_OUT,
        /** The client already had as many requests waiting as it may. */
        TOO_MANY_WAITING
    }

    private static final class Waiter {
        private final Condition wakeUp;
        private boolean granted;

        Waiter(Condition wakeUp) {
            this.wakeUp = wakeUp;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    /** Waiting requests by client, clients in the order they started waiting. */
    private final Map<String, ArrayDeque<Waiter>> waiting = new LinkedHashMap<>();
    private int waitingCount;
    /** The client served last: the rotation passes it over while others wait. */
    private String lastServed;
    private int held;
    private int seats = 1;

    /**
     * Waits up to {@code wait} for one of {@code seats} seats, as one of at most {@code mostWaiting} requests of this
     * client waiting.
     */
    public Outcome take(String client, Duration wait, int mostWaiting, int seats) throws InterruptedException {
        lock.lock();
        try {
            this.seats = Math.max(1, seats);
            if (held < this.seats && waitingCount == 0) {
                held++;
                lastServed = client;
                return Outcome.TAKEN;
            }
            ArrayDeque<Waiter> queue = waiting.get(client);
            if (queue != null && queue.size() >= mostWaiting || mostWaiting <= 0) {
                return Outcome.TOO_MANY_WAITING;
            }
            var waiter = new Waiter(lock.newCondition());
            waiting.computeIfAbsent(client, c -> new ArrayDeque<>()).addLast(waiter);
            waitingCount++;
            long left = wait.toNanos();
            try {
                while (!waiter.granted && left > 0) {
                    left = waiter.wakeUp.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                if (waiter.granted) {
                    held--;
                    handOn();
                } else {
                    forget(client, waiter);
                }
                throw e;
            }
            if (!waiter.granted) {
                forget(client, waiter);
                return Outcome.TIMED_OUT;
            }
            return Outcome.TAKEN;
        } finally {
            lock.unlock();
        }
    }

    /** Frees a seat and hands it to the next client in rotation. */
    public void release() {
        lock.lock();
        try {
            held--;
            handOn();
        } finally {
            lock.unlock();
        }
    }

    /** Requests waiting for the turn. */
    public int waiting() {
        lock.lock();
        try {
            return waitingCount;
        } finally {
            lock.unlock();
        }
    }

    /** Seats generations hold now. */
    public int held() {
        lock.lock();
        try {
            return held;
        } finally {
            lock.unlock();
        }
    }

    private void handOn() {
        while (held < seats && waitingCount > 0) {
            grantNext();
        }
    }

    private void grantNext() {
        String next = null;
        for (String client : waiting.keySet()) {
            next = client;
            if (!client.equals(lastServed)) {
                break;
            }
        }
        ArrayDeque<Waiter> queue = waiting.remove(next);
        Waiter waiter = queue.pollFirst();
        if (!queue.isEmpty()) {
            // To the back of the rotation: every other waiting client comes first.
            waiting.put(next, queue);
        }
        waitingCount--;
        held++;
        lastServed = next;
        waiter.granted = true;
        waiter.wakeUp.signal();
    }

    private void forget(String client, Waiter waiter) {
        ArrayDeque<Waiter> queue = waiting.get(client);
        if (queue != null && queue.remove(waiter)) {
            waitingCount--;
            if (queue.isEmpty()) {
                waiting.remove(client);
            }
        }
    }
}
