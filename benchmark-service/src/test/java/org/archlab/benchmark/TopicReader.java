package org.archlab.benchmark;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** Reads a topic from its beginning in a consumer group of its own, as an outside observer would. */
public final class TopicReader {

    private TopicReader() {
    }

    /** Waits until a record has arrived for each key and returns all records seen with those keys. */
    public static List<ConsumerRecord<String, String>> recordsWithKeys(String bootstrapServers, String topic, Collection<String> keys) {
        var seen = new ArrayList<ConsumerRecord<String, String>>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "observer-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (keys.contains(r.key())) {
                        seen.add(r);
                    }
                });
                return seen.stream().map(ConsumerRecord::key).distinct().count() == keys.size();
            });
        }
        return seen;
    }
}
