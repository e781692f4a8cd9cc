package org.archlab.benchmark.messaging;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.archlab.benchmark.BenchmarkServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@BenchmarkServiceTest
class BenchmarkTopicsIT {

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    KafkaProperties kafkaProperties;

    @Autowired
    BenchmarkTopics topics;

    @Autowired
    JdbcClient jdbc;

    @Test
    void the_contract_topics_exist_on_the_broker_after_start_up() throws Exception {
        try (var admin = AdminClient.create(Map.of("bootstrap.servers", String.join(",", kafkaProperties.getBootstrapServers())))) {
            var names = admin.listTopics().names().get();
            assertThat(names).contains("benchmark-jobs", "benchmark-results", "benchmark-jobs-dlt");
            var jobs = admin.describeTopics(List.of(topics.jobs())).allTopicNames().get().get(topics.jobs());
            assertThat(jobs.partitions()).hasSize(topics.partitions());
        }
    }

    @Test
    void a_message_sent_to_the_results_topic_is_consumed_with_its_key() throws Exception {
        String key = UUID.randomUUID().toString();
        kafka.send(topics.results(), key, "{\"schemaVersion\":1}").get();

        var received = new ArrayList<String>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafkaProperties.getBootstrapServers()),
                ConsumerConfig.GROUP_ID_CONFIG, "round-trip-" + key,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topics.results()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        received.add(r.value());
                    }
                });
                return !received.isEmpty();
            });
        }
        assertThat(received).containsExactly("{\"schemaVersion\":1}");
    }

    @Test
    void flyway_migrated_the_benchmark_database() {
        assertThat(jdbc.sql("SELECT note FROM schema_note WHERE id = 1").query(String.class).single())
                .isEqualTo("benchmark-service schema");
    }
}
