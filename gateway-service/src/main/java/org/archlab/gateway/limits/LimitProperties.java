package org.archlab.gateway.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * The gateway's limits: each key may make {@code requestsPerPeriod} requests per {@code period}, refilled
 * evenly (a token bucket, so a burst up to the whole allowance is fine); a request body may be at most
 * {@code maxRequestBody} unless its route's {@code max-request-body} metadata says otherwise.
 */
@ConfigurationProperties("archlab.gateway.limits")
record LimitProperties(long requestsPerPeriod, Duration period, DataSize maxRequestBody) {
}
