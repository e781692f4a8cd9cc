package org.archlab.benchmark.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import org.archlab.benchmark.JobClient;
import org.archlab.benchmark.standins.StandIns;
import org.archlab.testsupport.KafkaBrokerProcess;
import org.archlab.testsupport.RealPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka is down when the job is submitted: the job is accepted and kept, and published when the broker
 * comes up. The broker is a real one in a process of its own, not yet started when the service starts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.kafka.admin.operation-timeout=3s")
@ContextConfiguration(initializers = {StandIns.Urls.class, BrokerOutageIT.AbsentBroker.class})
@RealPostgres(database = "benchmark_outage")
@DirtiesContext
class BrokerOutageIT {

    static final KafkaBrokerProcess BROKER = KafkaBrokerProcess.create();

    /** Points the service at the broker's address while nothing listens there. */
    static class AbsentBroker implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("absent-broker",
                    Map.of("spring.kafka.bootstrap-servers", BROKER.bootstrapServers())));
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @AfterAll
    static void removeBroker() {
        BROKER.close();
    }

    @Test
    void a_job_submitted_while_the_broker_is_down_is_kept_and_runs_once_the_broker_is_back() {
        var jobs = new JobClient(port);
        UUID id = jobs.submit("{\"architectures\": [\"" + JobClient.architecture("outage") + "\"], \"contextLengths\": [512, 1024]}");

        assertThat(jdbc.sql("SELECT count(*) FROM outbox_message").query(Long.class).single()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(60)).until(() -> meters.counter("archlab.outbox.publish.failures").count() >= 1);
        assertThat(jdbc.sql("SELECT count(*) FROM outbox_message").query(Long.class).single()).isEqualTo(2);
        assertThat(jobs.job(id).get("status").stringValue()).isEqualTo("QUEUED");

        BROKER.start();

        var job = jobs.awaitStatus(id, "SUCCEEDED", "FAILED");
        assertThat(job.get("status").stringValue()).isEqualTo("SUCCEEDED");
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT count(*) FROM outbox_message").query(Long.class).single() == 0);
    }
}
