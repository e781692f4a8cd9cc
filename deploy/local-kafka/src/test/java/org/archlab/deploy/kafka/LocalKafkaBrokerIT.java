package org.archlab.deploy.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the broker the way ./archlab up does, as its own process, and keeps a message across a restart. */
class LocalKafkaBrokerIT {

    @TempDir
    Path dataDir;

    @Test
    void a_message_survives_a_broker_restart() throws Exception {
        int port = freePort();
        Process broker = start(port);
        try {
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port,
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("durable", "job-1", "queued")).get();
            }
        } finally {
            stop(broker);
        }

        broker = start(port);
        try {
            assertThat(readAll(port, "durable")).containsExactly("job-1=queued");
        } finally {
            stop(broker);
        }
    }

    private Process start(int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LocalKafkaBroker.class.getName(), dataDir.toString(), Integer.toString(port), Integer.toString(freePort()))
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("broker-" + port + "-" + System.nanoTime() + ".log").toFile())
                .start();
    }

    private static void stop(Process broker) throws InterruptedException {
        broker.destroy();
        if (!broker.waitFor(java.time.Duration.ofSeconds(60))) {
            broker.destroyForcibly();
        }
    }

    private static List<String> readAll(int port, String topic) {
        var values = new ArrayList<String>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port,
                ConsumerConfig.GROUP_ID_CONFIG, "restart-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(60);
            while (values.isEmpty() && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.key() + "=" + r.value()));
            }
        }
        return values;
    }

    private static int freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
