package org.archlab.gateway.limits;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.archlab.gateway.keys.ApiKey;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Bucket4j token bucket per API key, in this gateway's memory. Keys are configured, so the map is
 * bounded by the configuration. With several gateway replicas each keeps its own buckets, and a key gets
 * the allowance once per replica (docs/architecture.md says what to change then).
 */
@Component
class KeyBuckets {

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Bandwidth allowance;

    KeyBuckets(LimitProperties limits) {
        this.allowance = Bandwidth.builder().capacity(limits.requestsPerPeriod())
                .refillGreedy(limits.requestsPerPeriod(), limits.period()).build();
    }

    /** Takes one request from the key's bucket; the probe says whether it could and, if not, how long to wait. */
    ConsumptionProbe take(ApiKey key) {
        return buckets.computeIfAbsent(key.sha256(), hash -> Bucket.builder().addLimit(allowance).build())
                .tryConsumeAndReturnRemaining(1);
    }
}
