package org.archlab.benchmark.jobs;

/** Where one task (an architecture at a context length) stands. */
public enum TaskStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED
}
