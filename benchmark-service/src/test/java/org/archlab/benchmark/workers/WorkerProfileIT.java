package org.archlab.benchmark.workers;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.archlab.benchmark.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.ConsumerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 'worker' profile: a process with no web server that takes the tasks an API instance queues. The API instance
 * here consumes nothing (its listener does not start), so the task can only have been run by the worker.
 */
class WorkerProfileIT {

    private static final IsolatedApplications APPLICATIONS = new IsolatedApplications("profile");

    @Test
    void a_worker_serves_no_http_marks_itself_ready_and_runs_the_tasks_the_api_queues(@TempDir Path dir) {
        Path readyFile = dir.resolve("worker.ready");
        ConfigurableApplicationContext api = APPLICATIONS.start("spring.kafka.listener.auto-startup", "false");
        ConfigurableApplicationContext worker = null;
        try {
            worker = APPLICATIONS.start("spring.profiles.active", "worker", "archlab.benchmark.worker.ready-file", readyFile.toString());

            assertThat(worker).isNotInstanceOf(WebServerApplicationContext.class);
            assertThat(worker.getEnvironment().containsProperty("local.server.port")).isFalse();
            assertThat(readyFile).exists();
            assertThat(worker.getBean(ConsumerFactory.class).getConfigurationProperties())
                    .containsEntry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(130).toMillis());

            var jobs = new JobClient(api.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
            UUID jobId = jobs.submit("{\"architectures\": [\"" + JobClient.architecture("worker") + "\"], \"contextLengths\": [512]}");
            assertThat(jobs.awaitStatus(jobId, "SUCCEEDED", "FAILED").get("status").stringValue()).isEqualTo("SUCCEEDED");

            worker.close();
            assertThat(readyFile).doesNotExist();
        } finally {
            if (worker != null) {
                worker.close();
            }
            api.close();
        }
    }
}
