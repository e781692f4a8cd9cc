package org.archlab.inference.server.generation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.archlab.inference.server.models.ModelCatalog;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What generations report to Prometheus. Latencies and speeds are histograms with percentile buckets, so p50 or
 * p99 is {@code histogram_quantile(0.99, rate(..._bucket[5m]))}, across instances too. Tagged by model; models are
 * few (the memory budget bounds how many are loaded).
 */
@Component
public class GenerationMetrics {

    private final MeterRegistry meters;

    GenerationMetrics(MeterRegistry meters, CoreSemaphore cores, ModelCatalog catalog) {
        this.meters = meters;
        Gauge.builder("archlab.inference.generations.active", () -> catalog.loaded().stream().mapToInt(m -> m.generating()).sum())
                .description("generations running now, over all models' batches").register(meters);
        Gauge.builder("archlab.inference.queue.depth", () -> cores.waiting()
                        + catalog.loaded().stream().mapToInt(m -> m.waiting()).sum())
                .description("requests waiting for the device or for their model's turn").register(meters);
    }

    void promptTokens(String model, int tokens) {
        Counter.builder("archlab.inference.prompt.tokens").tag("model", model).register(meters).increment(tokens);
    }

    void token(String model) {
        Counter.builder("archlab.inference.tokens.generated").tag("model", model).register(meters).increment();
    }

    void timeToFirstToken(String model, long nanos) {
        latency("archlab.inference.time.to.first.token", "prompt processing until the first token", model).record(nanos, TimeUnit.NANOSECONDS);
    }

    void interTokenLatency(String model, long nanos) {
        latency("archlab.inference.inter.token.latency", "time between consecutive generated tokens", model)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    void decodeSpeed(String model, double tokensPerSecond) {
        DistributionSummary.builder("archlab.inference.decode.speed").baseUnit("tokens.per.second")
                .description("decode tokens per second of each generation").tag("model", model)
                .publishPercentileHistogram().register(meters).record(tokensPerSecond);
    }

    /** @param outcome {@code completed}, {@code cancelled} or {@code failed} */
    void finished(String model, String outcome) {
        Counter.builder("archlab.inference.generations").tag("model", model).tag("outcome", outcome).register(meters).increment();
    }

    private Timer latency(String name, String description, String model) {
        return Timer.builder(name).description(description).tag("model", model).publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(2))
                .register(meters);
    }
}
