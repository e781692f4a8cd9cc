package org.archlab.benchmark.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Kafka topics of the benchmark contract (PLATFORM.md §6) and how they are laid out.
 *
 * @param jobs       tasks to measure, keyed by task id
 * @param results    an event per stored result
 * @param deadLetter tasks that kept failing, with their error
 * @param partitions partitions per topic; the upper bound on parallel workers
 * @param replicas   replication factor (1 on a single local broker)
 */
@ConfigurationProperties("archlab.kafka.topics")
public record BenchmarkTopics(String jobs, String results, String deadLetter, int partitions, short replicas) {
}
