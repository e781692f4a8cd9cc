package org.archlab.benchmark.workers;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerPollLimitTest {

    @Test
    void the_consumer_polls_again_within_kafkas_limit_after_the_longest_task_a_worker_may_take() throws IOException {
        WorkerProperties worker = configured();
        var factory = new DefaultKafkaConsumerFactory<String, String>(new HashMap<>());
        new ConsumerPollLimit().pollLimitFollowsRunTimeout(worker).customize(factory);
        var limit = Duration.ofMillis(((Number) factory.getConfigurationProperties()
                .get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG)).longValue());

        // The registry's theory and the submit before the run's deadline starts; after it, one more pause and the
        // status call begun just before it; then a retry's back-off, which the error handler waits out on this thread.
        var longestTask = ServiceCall.LONGEST.multipliedBy(2).plus(worker.runTimeout())
                .plus(worker.pollInterval()).plus(ServiceCall.LONGEST).plus(worker.retry().maxInterval());
        assertThat(worker.runTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(limit).isGreaterThan(longestTask);
    }

    private static WorkerProperties configured() throws IOException {
        var environment = new StandardEnvironment();
        new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                .forEach(environment.getPropertySources()::addLast);
        return Binder.get(environment).bindOrCreate("archlab.benchmark.worker", WorkerProperties.class);
    }
}
