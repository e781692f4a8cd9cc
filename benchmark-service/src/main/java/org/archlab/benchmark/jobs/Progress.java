package org.archlab.benchmark.jobs;

/**
 * How many of a job's tasks stand where, and the job's status that follows: pending work makes it
 * QUEUED or RUNNING; once all tasks are finished, any failure makes it FAILED, any cancellation
 * CANCELLED, and otherwise it SUCCEEDED.
 */
public record Progress(int total, int queued, int running, int succeeded, int failed, int cancelled) {

    public String status() {
        if (queued + running > 0) {
            return running + succeeded + failed > 0 ? "RUNNING" : "QUEUED";
        }
        if (failed > 0) {
            return "FAILED";
        }
        return cancelled > 0 ? "CANCELLED" : "SUCCEEDED";
    }
}
