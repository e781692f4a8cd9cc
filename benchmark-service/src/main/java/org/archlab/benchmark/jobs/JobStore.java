package org.archlab.benchmark.jobs;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Jobs and their tasks in PostgreSQL, as the jobs API reads and writes them. */
@Repository
class JobStore {

    private final JdbcClient jdbc;

    JobStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insertJob(UUID id, String label, String requestJson) {
        jdbc.sql("INSERT INTO benchmark_job (id, label, request) VALUES (:id, :label, :request::jsonb)")
                .param("id", id).param("label", label).param("request", requestJson)
                .update();
    }

    void insertTask(UUID id, UUID jobId, int position, String architecture, int contextLength, int batch) {
        jdbc.sql("""
                        INSERT INTO benchmark_task (id, job_id, position, architecture, context_length, batch, status)
                        VALUES (:id, :jobId, :position, :architecture, :contextLength, :batch, 'QUEUED')""")
                .param("id", id).param("jobId", jobId).param("position", position)
                .param("architecture", architecture).param("contextLength", contextLength).param("batch", batch)
                .update();
    }

    Optional<StoredJob> find(UUID id) {
        return jdbc.sql("SELECT id, label, created_at, request::text AS request FROM benchmark_job WHERE id = :id")
                .param("id", id)
                .query((rs, row) -> new StoredJob(rs.getObject("id", UUID.class), rs.getString("label"),
                        rs.getTimestamp("created_at").toInstant(), rs.getString("request")))
                .optional();
    }

    List<JobView.TaskView> tasks(UUID jobId) {
        return jdbc.sql("""
                        SELECT t.id, t.architecture, t.context_length, t.batch, t.status, t.attempts, t.error, r.id AS result_id
                        FROM benchmark_task t LEFT JOIN benchmark_result r ON r.task_id = t.id
                        WHERE t.job_id = :jobId
                        ORDER BY t.position""")
                .param("jobId", jobId)
                .query((rs, row) -> new JobView.TaskView(rs.getObject("id", UUID.class), rs.getString("architecture"),
                        rs.getInt("context_length"), rs.getInt("batch"), TaskStatus.valueOf(rs.getString("status")), rs.getInt("attempts"),
                        rs.getString("error"), rs.getObject("result_id", Long.class)))
                .list();
    }

    /** Jobs newest first, after the cursor position, optionally only those with a label or an architecture. */
    List<JobView.Summary> list(String label, String architecture, JobCursor after, int limit) {
        return jdbc.sql("""
                        SELECT j.id, j.label, j.created_at,
                               count(*) AS total,
                               count(*) FILTER (WHERE t.status = 'QUEUED') AS queued,
                               count(*) FILTER (WHERE t.status = 'RUNNING') AS running,
                               count(*) FILTER (WHERE t.status = 'SUCCEEDED') AS succeeded,
                               count(*) FILTER (WHERE t.status = 'FAILED') AS failed,
                               count(*) FILTER (WHERE t.status = 'CANCELLED') AS cancelled,
                               array_agg(DISTINCT t.architecture) AS architectures
                        FROM benchmark_job j JOIN benchmark_task t ON t.job_id = j.id
                        WHERE (:afterCreated::timestamptz IS NULL OR (j.created_at, j.id) < (:afterCreated::timestamptz, :afterId::uuid))
                          AND (:label::text IS NULL OR j.label = :label)
                          AND (:architecture::text IS NULL
                               OR EXISTS (SELECT 1 FROM benchmark_task a WHERE a.job_id = j.id AND a.architecture = :architecture))
                        GROUP BY j.id
                        ORDER BY j.created_at DESC, j.id DESC
                        LIMIT :limit""")
                .param("afterCreated", after == null ? null : OffsetDateTime.ofInstant(after.createdAt(), ZoneOffset.UTC))
                .param("afterId", after == null ? null : after.id())
                .param("label", label).param("architecture", architecture).param("limit", limit)
                .query(this::summary)
                .list();
    }

    /** Cancels the tasks no worker has taken yet; the others run to their end. */
    int cancelQueued(UUID jobId) {
        return jdbc.sql("UPDATE benchmark_task SET status = 'CANCELLED', updated_at = now() WHERE job_id = :jobId AND status = 'QUEUED'")
                .param("jobId", jobId)
                .update();
    }

    private JobView.Summary summary(ResultSet rs, int row) throws SQLException {
        var progress = new Progress(rs.getInt("total"), rs.getInt("queued"), rs.getInt("running"), rs.getInt("succeeded"),
                rs.getInt("failed"), rs.getInt("cancelled"));
        var architectures = Arrays.asList((String[]) rs.getArray("architectures").getArray());
        return new JobView.Summary(rs.getObject("id", UUID.class), rs.getString("label"), progress.status(),
                rs.getTimestamp("created_at").toInstant(), progress, architectures);
    }

    record StoredJob(UUID id, String label, Instant createdAt, String requestJson) {
    }
}
