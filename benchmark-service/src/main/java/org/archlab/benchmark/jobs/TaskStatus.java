package org.archlab.benchmark.jobs;

/** Where one task (an architecture at a context length) stands. */
public enum TaskStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    boolean pending() {
        return this == QUEUED || this == RUNNING;
    }
}
