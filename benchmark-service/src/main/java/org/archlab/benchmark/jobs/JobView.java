package org.archlab.benchmark.jobs;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A job as {@code GET /api/v1/benchmarks/{id}} shows it: its request, its progress and each task. */
public record JobView(UUID id, String label, String status, Instant createdAt, Progress progress, JobSpec request,
                      List<TaskView> tasks) {

    /** One task (an architecture at a context length and batch size): where it stands, how often a worker took it, why it failed, and its result once stored. */
    public record TaskView(UUID id, String architecture, int contextLength, int batch, TaskStatus status, int attempts, String error,
                           Long resultId) {
    }

    /** A job in the list: no tasks, only their count per status. */
    public record Summary(UUID id, String label, String status, Instant createdAt, Progress progress,
                          List<String> architectures) {
    }

    /** One page of a list and the cursor of the next ({@code null} on the last page). */
    public record Page<T>(List<T> items, String nextCursor) {
    }
}
