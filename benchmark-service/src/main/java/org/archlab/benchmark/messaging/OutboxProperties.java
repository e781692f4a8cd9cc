package org.archlab.benchmark.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * How the outbox relay publishes.
 *
 * @param pollInterval pause between two passes over the outbox
 * @param batchSize    messages per pass
 * @param sendTimeout  how long one send may wait for the broker's acknowledgement
 */
@ConfigurationProperties("archlab.benchmark.outbox")
record OutboxProperties(Duration pollInterval, int batchSize, Duration sendTimeout) {

    OutboxProperties {
        if (sendTimeout == null) {
            sendTimeout = Duration.ofSeconds(15);
        }
    }
}
