package org.archlab.benchmark.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes the outbox to Kafka and deletes what the broker acknowledged. While the broker is down the
 * messages stay and are tried again on the next tick; a crash between send and delete publishes a
 * message twice, which consumers tolerate (they are idempotent by task id).
 */
@Component
class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final Outbox outbox;
    private final KafkaTemplate<String, String> kafka;
    private final TransactionTemplate transaction;
    private final OutboxProperties properties;
    private final Counter failures;

    OutboxRelay(Outbox outbox, KafkaTemplate<String, String> kafka, TransactionTemplate transaction,
                OutboxProperties properties, MeterRegistry meters) {
        this.outbox = outbox;
        this.kafka = kafka;
        this.transaction = transaction;
        this.properties = properties;
        this.failures = Counter.builder("archlab.outbox.publish.failures")
                .description("Outbox batches the broker did not take; they are tried again").register(meters);
    }

    @Scheduled(fixedDelayString = "${archlab.benchmark.outbox.poll-interval}")
    void publish() {
        transaction.executeWithoutResult(status -> {
            var sent = new ArrayList<Long>();
            for (var message : outbox.lockOldest(properties.batchSize())) {
                try {
                    kafka.send(message.topic(), message.key(), message.payload()).get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
                    sent.add(message.id());
                } catch (ExecutionException | TimeoutException | RuntimeException e) {
                    failures.increment();
                    log.warn("Kafka did not take outbox message {} for {} ({}); it stays queued", message.id(), message.topic(), e.toString());
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            outbox.remove(sent);
        });
    }
}
