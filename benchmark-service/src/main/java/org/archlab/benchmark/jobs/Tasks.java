package org.archlab.benchmark.jobs;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.OptionalInt;
import java.util.UUID;

/** Task status as the workers move it: taken, succeeded or failed. */
@Repository
public class Tasks {

    private final JdbcClient jdbc;

    Tasks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes a task for a worker and counts the attempt. A RUNNING task can be taken again: its worker
     * died before finishing. Empty when the task is unknown, finished or cancelled: nothing to do.
     */
    public OptionalInt claim(UUID taskId) {
        return jdbc.sql("""
                        UPDATE benchmark_task SET status = 'RUNNING', attempts = attempts + 1, updated_at = now()
                        WHERE id = :id AND status IN ('QUEUED', 'RUNNING')
                        RETURNING attempts""")
                .param("id", taskId)
                .query(Integer.class).optional()
                .map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    public void recordRun(UUID taskId, String runId) {
        jdbc.sql("UPDATE benchmark_task SET run_id = :runId, updated_at = now() WHERE id = :id")
                .param("id", taskId).param("runId", runId).update();
    }

    public void succeed(UUID taskId) {
        jdbc.sql("UPDATE benchmark_task SET status = 'SUCCEEDED', error = NULL, updated_at = now() WHERE id = :id")
                .param("id", taskId).update();
    }

    /** Marks a task that is still pending FAILED with the reason; false if it was not pending. */
    public boolean fail(UUID taskId, String reason) {
        return jdbc.sql("""
                        UPDATE benchmark_task SET status = 'FAILED', error = :reason, updated_at = now()
                        WHERE id = :id AND status IN ('QUEUED', 'RUNNING')""")
                .param("id", taskId).param("reason", reason).update() == 1;
    }
}
