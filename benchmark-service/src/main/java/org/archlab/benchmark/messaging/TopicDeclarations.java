package org.archlab.benchmark.messaging;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/** Creates the benchmark topics at start-up if the broker lacks them. */
@Configuration
class TopicDeclarations {

    @Bean
    KafkaAdmin.NewTopics benchmarkTopics(BenchmarkTopics topics) {
        return new KafkaAdmin.NewTopics(
                topic(topics.jobs(), topics),
                topic(topics.results(), topics),
                topic(topics.deadLetter(), topics));
    }

    private static NewTopic topic(String name, BenchmarkTopics topics) {
        return TopicBuilder.name(name).partitions(topics.partitions()).replicas(topics.replicas()).build();
    }
}
