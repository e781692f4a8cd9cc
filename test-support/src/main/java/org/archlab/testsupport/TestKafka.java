package org.archlab.testsupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The one way tests get a real Kafka broker. In order of preference: a broker named by
 * {@code ARCHLAB_TEST_KAFKA} (bootstrap servers), a Testcontainers container where Docker runs, or the
 * single-node KRaft broker {@code ./archlab up} runs, in a child JVM ({@link KafkaBrokerProcess}).
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
        var broker = KafkaBrokerProcess.create();
        broker.start();
        log.info("Tests use the local KRaft broker (deploy/local-kafka) at {}", broker.bootstrapServers());
        return broker.bootstrapServers();
    }
}
