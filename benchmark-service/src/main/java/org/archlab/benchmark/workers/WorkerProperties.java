package org.archlab.benchmark.workers;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * How workers run tasks.
 *
 * @param pollInterval how often a worker asks inference-service whether its run has finished
 * @param runTimeout   how long a run may take before its task fails
 * @param kvDtype      the KV cache dtype the registry's theoretical figures are asked for
 * @param retry        back-off for transient failures (inference busy or down) before a task goes to the DLT
 */
@ConfigurationProperties("archlab.benchmark.worker")
record WorkerProperties(Duration pollInterval, Duration runTimeout, String kvDtype, Retry retry) {

    /** Exponential back-off: initial interval, growth factor, ceiling, and how many retries follow the first attempt. */
    record Retry(Duration initialInterval, double multiplier, Duration maxInterval, int maxRetries) {
    }
}
