package org.archlab.benchmark.workers;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.archlab.benchmark.jobs.Tasks;
import org.archlab.benchmark.messaging.BenchmarkTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

import java.util.UUID;

/**
 * What happens to a task whose worker failed: transient failures are tried again with exponential
 * back-off; a permanent failure, or a transient one that outlasts the retries, is published to the
 * dead-letter topic (with Spring Kafka's exception headers) and its task marked FAILED with the reason.
 */
@Configuration
class FailedTasks {

    private static final Logger log = LoggerFactory.getLogger(FailedTasks.class);

    @Bean
    DefaultErrorHandler taskErrorHandler(KafkaTemplate<String, String> kafka, BenchmarkTopics topics, Tasks tasks,
                                         WorkerProperties properties) {
        // Partition -1: the producer picks it from the key, so the DLT needs no particular partition count.
        var deadLetters = new DeadLetterPublishingRecoverer(kafka, (record, e) -> new TopicPartition(topics.deadLetter(), -1));
        var retry = properties.retry();
        var backOff = new ExponentialBackOffWithMaxRetries(retry.maxRetries());
        backOff.setInitialInterval(retry.initialInterval().toMillis());
        backOff.setMultiplier(retry.multiplier());
        backOff.setMaxInterval(retry.maxInterval().toMillis());
        var handler = new DefaultErrorHandler((record, e) -> {
            deadLetters.accept(record, e);
            markFailed(record, reason(e), tasks);
        }, backOff);
        handler.addNotRetryableExceptions(PermanentFailure.class);
        return handler;
    }

    private static void markFailed(ConsumerRecord<?, ?> record, String reason, Tasks tasks) {
        UUID taskId;
        try {
            taskId = UUID.fromString(String.valueOf(record.key()));
        } catch (IllegalArgumentException e) {
            log.error("A message with key {} went to the dead-letter topic; no task has that id: {}", record.key(), reason);
            return;
        }
        if (tasks.fail(taskId, reason)) {
            log.warn("Task {} FAILED: {}", taskId, reason);
        }
    }

    /** The innermost message that says what went wrong, skipping Spring's listener wrappers. */
    private static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof PermanentFailure) && !(cause instanceof TransientFailure)) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
