package org.archlab.benchmark.workers;

/**
 * Thrown when the listener container stops while its task's run is in progress: the record stays
 * uncommitted, so the consumer group hands the task to the next worker, which picks the same run up again.
 */
class WorkerStopped extends RuntimeException {

    WorkerStopped(String message) {
        super(message);
    }
}
