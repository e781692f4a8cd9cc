package org.archlab.benchmark.workers;

import org.archlab.benchmark.BenchmarkApplication;
import org.archlab.benchmark.TestTimings;
import org.archlab.benchmark.standins.StandIns;
import org.archlab.testsupport.PostgresConnection;
import org.archlab.testsupport.TestKafka;
import org.archlab.testsupport.TestPostgres;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.HashMap;
import java.util.Map;

/**
 * Benchmark applications a test starts and stops itself, on a database, topics and a consumer group named after the
 * test ({@code name}), so that no other test's worker takes their tasks.
 */
record IsolatedApplications(String name) {

    PostgresConnection database() {
        return TestPostgres.database("benchmark_" + name);
    }

    /** Command-line arguments outrank application.yml, as the test's settings must; {@code more} are name, value pairs. */
    ConfigurableApplicationContext start(String... more) {
        var db = database();
        var properties = new HashMap<String, Object>(TestTimings.PROPERTIES);
        properties.putAll(StandIns.urls());
        properties.putAll(Map.of(
                "server.port", "0",
                "spring.datasource.url", db.jdbcUrl(),
                "spring.datasource.username", db.username(),
                "spring.datasource.password", db.password(),
                "spring.kafka.bootstrap-servers", TestKafka.bootstrapServers(),
                "spring.kafka.consumer.group-id", name + "-workers",
                "archlab.kafka.topics.jobs", name + "-benchmark-jobs",
                "archlab.kafka.topics.results", name + "-benchmark-results",
                "archlab.kafka.topics.dead-letter", name + "-benchmark-jobs-dlt"));
        for (int i = 0; i < more.length; i += 2) {
            properties.put(more[i], more[i + 1]);
        }
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(BenchmarkApplication.class).run(args);
    }
}
