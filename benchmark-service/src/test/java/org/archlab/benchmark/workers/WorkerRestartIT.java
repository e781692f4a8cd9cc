package org.archlab.benchmark.workers;

import org.archlab.benchmark.JobClient;
import org.archlab.benchmark.standins.StandIns;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker stopped in the middle of a run, and a new one started in its place: the task is delivered again
 * and yields exactly one result. The two applications run one after the other in this JVM, on topics and a
 * consumer group of their own so that no other test's worker takes the task.
 */
class WorkerRestartIT {

    private static final IsolatedApplications APPLICATIONS = new IsolatedApplications("restart");

    @Test
    void a_worker_stopped_mid_run_leaves_its_task_to_the_next_which_stores_exactly_one_result() {
        String architecture = JobClient.architecture("held");
        var inference = StandIns.inference();
        inference.hold(architecture);
        ConfigurableApplicationContext first = APPLICATIONS.start();
        ConfigurableApplicationContext second = null;
        try {
            UUID jobId = jobs(first).submit("{\"architectures\": [\"" + architecture + "\"], \"contextLengths\": [512]}");
            String taskId = jobs(first).job(jobId).get("tasks").get(0).get("id").stringValue();
            await().atMost(Duration.ofSeconds(60)).until(() -> inference.posts(taskId) == 1);

            first.close();
            var jdbc = JdbcClient.create(dataSource());
            assertThat(jdbc.sql("SELECT status FROM benchmark_task WHERE id = :id").param("id", UUID.fromString(taskId))
                    .query(String.class).single()).isEqualTo("RUNNING");

            inference.release(architecture);
            second = APPLICATIONS.start();
            var job = jobs(second).awaitStatus(jobId, "SUCCEEDED", "FAILED");

            assertThat(job.get("status").stringValue()).isEqualTo("SUCCEEDED");
            assertThat(job.get("tasks").get(0).get("attempts").intValue()).isEqualTo(2);
            assertThat(jdbc.sql("SELECT count(*) FROM benchmark_result WHERE task_id = :id").param("id", UUID.fromString(taskId))
                    .query(Long.class).single()).isEqualTo(1);
            assertThat(inference.posts(taskId)).isEqualTo(2);
            assertThat(inference.runsMade(taskId)).isEqualTo(1);
        } finally {
            inference.release(architecture);
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    private static JobClient jobs(ConfigurableApplicationContext app) {
        return new JobClient(app.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
    }

    private static DriverManagerDataSource dataSource() {
        var db = APPLICATIONS.database();
        return new DriverManagerDataSource(db.jdbcUrl(), db.username(), db.password());
    }
}
