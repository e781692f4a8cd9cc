package org.archlab.benchmark.jobs;

/** Where one task (an architecture at a context length and batch size) stands. */
public enum TaskStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED
}
