package org.archlab.inference.server.models;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A model's turn, handed to the clients waiting for it in rotation: when a generation ends, the next turn goes to
 * the longest-waiting client other than the one just served, each client's own requests in the order they came. One
 * client's backlog therefore waits behind its own requests, never in front of another client's, and a client may
 * keep only so many requests waiting.
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
    /** Whose generation holds the turn; null when it is free. */
    private String holder;

    /** Waits up to {@code wait} for the turn, as one of at most {@code mostWaiting} requests of this client waiting. */
    public Outcome take(String client, Duration wait, int mostWaiting) throws InterruptedException {
        lock.lock();
        try {
            if (holder == null && waitingCount == 0) {
                holder = client;
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

    /** Ends the holder's turn and hands it to the next client in rotation. */
    public void release() {
        lock.lock();
        try {
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

    private void handOn() {
        String next = null;
        for (String client : waiting.keySet()) {
            next = client;
            if (!client.equals(holder)) {
                break;
            }
        }
        if (next == null) {
            holder = null;
            return;
        }
        ArrayDeque<Waiter> queue = waiting.remove(next);
        Waiter waiter = queue.pollFirst();
        if (!queue.isEmpty()) {
            // To the back of the rotation: every other waiting client comes first.
            waiting.put(next, queue);
        }
        waitingCount--;
        holder = next;
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
