package org.archlab.benchmark.workers;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How workers run tasks.
 *
 * @param pollInterval how often a worker asks inference-service whether its run has finished
 * @param runTimeout   how long a run may take before its task fails
 * @param pollMargin   what a task may take beyond its run before the worker polls Kafka again (ConsumerPollLimit)
 * @param kvDtype      the KV cache dtype the registry's theoretical figures are asked for, and a result is stored in, where
 *                     neither the job names one nor the run reports the one it kept (inference-service's default)
 * @param retry        back-off for transient failures (inference busy or down) before a task goes to the DLT
 * @param readyFile    in the 'worker' profile, the file that exists while this worker consumes (WorkerReadyFile)
 */
@ConfigurationProperties("archlab.benchmark.worker")
record WorkerProperties(Duration pollInterval, Duration runTimeout, Duration pollMargin, String kvDtype, Retry retry,
                        Path readyFile) {

    /** Exponential back-off: initial interval, growth factor, ceiling, and how many retries follow the first attempt. */
    record Retry(Duration initialInterval, double multiplier, Duration maxInterval, int maxRetries) {
    }
}
