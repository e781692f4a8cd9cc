package org.archlab.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Three requests per key per hour, so the bucket cannot refill while the test runs. */
@TestPropertySource(properties = {"archlab.gateway.limits.requests-per-period=3", "archlab.gateway.limits.period=1h"})
class RateLimitTest extends EchoServicesTest {

    @Test
    void a_key_past_its_allowance_is_refused_with_429_and_retry_after_while_other_keys_go_on() {
        for (int i = 0; i < 3; i++) {
            get("/api/v1/architectures", TestKeys.READER).exchange().expectStatus().isOk()
                    .expectHeader().valueEquals("X-RateLimit-Remaining", Integer.toString(2 - i));
        }
        get("/api/v1/architectures", TestKeys.READER).exchange()
                .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 1200L))
                .expectBody().jsonPath("$.code").isEqualTo("rate_limited");
        get("/api/v1/architectures", TestKeys.WRITER).exchange().expectStatus().isOk();
    }
}
