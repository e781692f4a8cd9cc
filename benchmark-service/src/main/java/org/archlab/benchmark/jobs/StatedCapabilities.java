package org.archlab.benchmark.jobs;

import org.archlab.benchmark.workers.ServiceCall;
import org.archlab.benchmark.workers.ServiceUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * The capabilities inference-service last stated, asked for again once they are older than {@code cache-for}. When
 * inference-service cannot be asked, the last answer stands in (its limits change only when it is redeployed); a
 * benchmark service that has never had an answer has none, and its jobs are checked by inference-service when their
 * runs are asked for (docs/api/benchmarks.md).
 */
@Component
public class StatedCapabilities {

    private static final Logger log = LoggerFactory.getLogger(StatedCapabilities.class);

    private final RestClient http;
    private final JsonMapper json;
    private final Duration cacheFor;
    private volatile Stated last;

    /**
     * @param cacheFor how long an answer is used before inference-service is asked again
     * @param timeout  the longest a submission waits for an answer, connecting and reading each
     */
    @ConfigurationProperties("archlab.benchmark.capabilities")
    record Settings(@DefaultValue("30s") Duration cacheFor, @DefaultValue("2s") Duration timeout) {
    }

    private record Stated(InferenceCapabilities capabilities, long atNanos) {
    }

    StatedCapabilities(ServiceUrls urls, Settings settings, JsonMapper json) {
        this.http = ServiceCall.client(urls.inferenceUrl(), settings.timeout(), settings.timeout());
        this.json = json;
        this.cacheFor = settings.cacheFor();
    }

    /**
     * inference-service's KV budget for concurrent generations ({@code kvBudgetBytes}), which ends the dashboard's
     * throughput-over-batch curves; empty when it has never stated one to this service.
     */
    public OptionalLong kvBudgetBytes() {
        InferenceCapabilities capabilities = current();
        return capabilities == null || capabilities.kvBudgetBytes() == null ? OptionalLong.empty()
                : OptionalLong.of(capabilities.kvBudgetBytes());
    }

    /** The capabilities to check a job against; null when inference-service has never stated them to this service. */
    InferenceCapabilities current() {
        Stated stated = last;
        if (stated != null && System.nanoTime() - stated.atNanos() < cacheFor.toNanos()) {
            return stated.capabilities();
        }
        try {
            String body = http.get().uri("/api/v1/runs/capabilities").retrieve().body(String.class);
            var capabilities = json.readValue(body, InferenceCapabilities.class);
            last = new Stated(capabilities, System.nanoTime());
            return capabilities;
        } catch (RestClientException | JacksonException e) {
            log.warn("inference-service did not state its run capabilities ({}); jobs are checked against {}", e.toString(),
                    stated == null ? "nothing more until it does" : "what it stated last");
            return stated == null ? null : stated.capabilities();
        }
    }
}
