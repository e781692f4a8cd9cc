package org.archlab.benchmark.workers;

import org.archlab.benchmark.BenchmarkApplication;
import org.archlab.benchmark.JobClient;
import org.archlab.benchmark.TestTimings;
import org.archlab.benchmark.standins.StandIns;
import org.archlab.testsupport.TestKafka;
import org.archlab.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker stopped in the middle of a run, and a new one started in its place: the task is delivered again
 * and yields exactly one result. The two applications run one after the other in this JVM, on topics and a
 * consumer group of their own so that no other test's worker takes the task.
 */
class WorkerRestartIT {

    @Test
    void a_worker_stopped_mid_run_leaves_its_task_to_the_next_which_stores_exactly_one_result() {
        String architecture = JobClient.architecture("held");
        var inference = StandIns.inference();
        inference.hold(architecture);
        Map<String, Object> properties = properties();
        ConfigurableApplicationContext first = start(properties);
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
            second = start(properties);
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
        var db = TestPostgres.database("benchmark_restart");
        return new DriverManagerDataSource(db.jdbcUrl(), db.username(), db.password());
    }

    private static Map<String, Object> properties() {
        var db = TestPostgres.database("benchmark_restart");
        var properties = new HashMap<String, Object>(TestTimings.PROPERTIES);
        properties.putAll(StandIns.urls());
        properties.putAll(Map.of(
                "server.port", "0",
                "spring.datasource.url", db.jdbcUrl(),
                "spring.datasource.username", db.username(),
                "spring.datasource.password", db.password(),
                "spring.kafka.bootstrap-servers", TestKafka.bootstrapServers(),
                "spring.kafka.consumer.group-id", "restart-workers",
                "archlab.kafka.topics.jobs", "restart-benchmark-jobs",
                "archlab.kafka.topics.results", "restart-benchmark-results",
                "archlab.kafka.topics.dead-letter", "restart-benchmark-jobs-dlt"));
        return properties;
    }

    /** Command-line arguments outrank application.yml, as the test's settings must. */
    private static ConfigurableApplicationContext start(Map<String, Object> properties) {
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(BenchmarkApplication.class).run(args);
    }
}
