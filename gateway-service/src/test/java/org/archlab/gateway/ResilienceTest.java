package org.archlab.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway in front of a registry that hangs, an inference service that is down and a benchmark service
 * that works. Routes wait one second; a circuit opens after three calls of which half failed and stays open.
 */
@TestPropertySource(properties = {
        "archlab.gateway.timeouts.api=1000",
        "resilience4j.circuitbreaker.configs.default.sliding-window-size=3",
        "resilience4j.circuitbreaker.configs.default.minimum-number-of-calls=3",
        "resilience4j.circuitbreaker.configs.default.wait-duration-in-open-state=1h"})
class ResilienceTest extends GatewayTest {

    static final StandIn hanging = new StandIn("registry");
    static final StandIn working = new StandIn("benchmark");

    @DynamicPropertySource
    static void hangingDownAndWorkingServices(DynamicPropertyRegistry properties) {
        services(properties, hanging::url, StandIn::down, working::url);
    }

    @AfterAll
    static void stop() {
        hanging.close();
        working.close();
    }

    @Test
    void a_service_that_does_not_answer_in_time_is_a_504_problem() {
        get("/api/v1/architectures/hang", TestKeys.READER).exchange()
                .expectStatus().isEqualTo(HttpStatus.GATEWAY_TIMEOUT)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("upstream_timeout")
                .jsonPath("$.detail").isEqualTo("The registry service did not answer within 1000 ms");
    }

    @Test
    void a_service_that_is_down_is_503_until_its_circuit_opens_and_the_gateway_stops_calling_it() {
        for (int call = 0; call < 3; call++) {
            complete().expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("upstream_unreachable");
        }
        complete().expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("circuit_open")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).startsWith("The inference service failed repeatedly"));
        // One circuit per service: the others are still called.
        get("/api/v1/benchmarks", TestKeys.READER).exchange()
                .expectStatus().isOk();
    }

    /** A POST, so the gateway does not retry it and each request is exactly one call. */
    private WebTestClient.ResponseSpec complete() {
        return client.post().uri("/v1/completions").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestKeys.WRITER)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"model\":\"qwen3-0.6b\",\"prompt\":\"Hi\"}").exchange();
    }
}
