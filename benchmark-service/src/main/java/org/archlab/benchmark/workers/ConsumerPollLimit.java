package org.archlab.benchmark.workers;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.Map;

/**
 * Kafka's {@code max.poll.interval.ms} follows the run timeout. The listener holds its task until the run ends, so the
 * consumer polls again only after the whole task; were the limit shorter than that, the broker would count the worker
 * as dead mid-run and hand its task to another.
 */
@Configuration
class ConsumerPollLimit {

    @Bean
    DefaultKafkaConsumerFactoryCustomizer pollLimitFollowsRunTimeout(WorkerProperties properties) {
        return factory -> factory.updateConfigs(Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                Math.toIntExact(maxPollInterval(properties).toMillis())));
    }

    static Duration maxPollInterval(WorkerProperties properties) {
        return properties.runTimeout().plus(properties.pollMargin());
    }
}
