package org.archlab.testsupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The one way tests get a real Kafka broker. In order of preference: a broker named by
 * {@code ARCHLAB_TEST_KAFKA} (bootstrap servers), a Testcontainers container where Docker runs, or a
 * real single-node KRaft broker started in this JVM (spring-kafka-test's embedded broker).
 */
public final class TestKafka {

    private static final Logger log = LoggerFactory.getLogger(TestKafka.class);
    private static String bootstrapServers;

    private TestKafka() {
    }

    /** Bootstrap servers of the shared test broker, started on first use in this JVM. */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            bootstrapServers = start();
        }
        return bootstrapServers;
    }

    private static String start() {
        String external = System.getenv("ARCHLAB_TEST_KAFKA");
        if (external != null && !external.isBlank()) {
            log.info("Tests use the external Kafka broker at {} (ARCHLAB_TEST_KAFKA)", external);
            return external;
        }
        if (Docker.isAvailable()) {
            var container = new KafkaContainer("apache/kafka:4.1.1");
            container.start();
            log.info("Tests use the Kafka container at {}", container.getBootstrapServers());
            return container.getBootstrapServers();
        }
        var broker = new EmbeddedKafkaKraftBroker(1, 3);
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "stop-test-kafka"));
        log.info("Tests use an in-process KRaft broker at {}", broker.getBrokersAsString());
        return broker.getBrokersAsString();
    }
}
