package org.archlab.benchmark.workers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How Kubernetes sees a worker, which serves no HTTP: its ready file exists while it consumes (an exec readiness
 * probe tests for it), and a worker whose consumer stops by failure exits, so that the pod restarts instead of
 * idling with a dead consumer. The JVM being alive is then the whole liveness check.
 */
@Component
@Profile("worker")
class WorkerReadyFile {

    private static final Logger log = LoggerFactory.getLogger(WorkerReadyFile.class);

    private final Path file;
    private final ConfigurableApplicationContext context;

    WorkerReadyFile(WorkerProperties properties, ConfigurableApplicationContext context) {
        this.file = properties.readyFile();
        this.context = context;
    }

    @EventListener(ApplicationReadyEvent.class)
    void consuming() {
        try {
            Files.writeString(file, Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the worker's ready file " + file, e);
        }
    }

    @EventListener(ContextClosedEvent.class)
    void stopping() {
        remove();
    }

    @EventListener
    void consumerStopped(ConsumerStoppedEvent event) {
        if (event.getReason() == ConsumerStoppedEvent.Reason.NORMAL) {
            return;
        }
        log.error("The worker's Kafka consumer stopped ({}); the worker exits so that it is restarted", event.getReason());
        remove();
        // Not on the consumer's own thread: closing the context waits for that thread to end.
        Thread.ofPlatform().name("worker-exit").start(() -> System.exit(SpringApplication.exit(context, () -> 1)));
    }

    private void remove() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Could not remove the worker's ready file {}: {}", file, e.toString());
        }
    }
}
