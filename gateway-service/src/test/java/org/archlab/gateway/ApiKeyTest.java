package org.archlab.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyTest extends EchoServicesTest {

    @LocalServerPort
    int port;

    @Test
    void a_request_without_a_key_is_refused_with_401_problem_json() {
        int before = registry.received().size();
        client.get().uri("/api/v1/architectures").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer .*")
                .expectHeader().exists("X-Request-Id")
                .expectBody()
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.code").isEqualTo("api_key_missing")
                .jsonPath("$.errors[0].field").isEqualTo("Authorization")
                .jsonPath("$.instance").isEqualTo("/api/v1/architectures");
        assertThat(registry.received()).hasSize(before);
    }

    @Test
    void a_key_the_gateway_does_not_know_is_refused_with_401() {
        call(HttpMethod.GET, "/v1/models", "not-a-configured-key").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("api_key_unknown");
    }

    @Test
    void a_credential_that_is_not_a_bearer_token_is_refused_with_401() {
        client.get().uri("/v1/models").header(HttpHeaders.AUTHORIZATION, "Basic " + TestKeys.ADMIN).exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("api_key_missing");
    }

    @Test
    void a_reader_reads_everything_but_changes_nothing() {
        call(HttpMethod.GET, "/api/v1/architectures/qwen3-0.6b/analysis", TestKeys.READER).exchange().expectStatus().isOk();
        call(HttpMethod.GET, "/api/v1/models", TestKeys.READER).exchange().expectStatus().isOk();
        call(HttpMethod.POST, "/api/v1/benchmarks", TestKeys.READER).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("role_insufficient")
                .jsonPath("$.detail").isEqualTo("Key 'reader' has the role reader; POST /api/v1/benchmarks needs writer");
    }

    @Test
    void a_writer_registers_architectures_queues_benchmarks_and_runs_inference() {
        call(HttpMethod.POST, "/api/v1/architectures/qwen3-0.6b/variants", TestKeys.WRITER).exchange().expectStatus().isOk();
        call(HttpMethod.PUT, "/api/v1/architectures/mine", TestKeys.WRITER).exchange().expectStatus().isOk();
        call(HttpMethod.POST, "/api/v1/benchmarks", TestKeys.WRITER).exchange().expectStatus().isOk();
        call(HttpMethod.POST, "/v1/completions", TestKeys.WRITER).exchange().expectStatus().isOk();
        call(HttpMethod.POST, "/api/v1/runs", TestKeys.WRITER).exchange().expectStatus().isOk();
    }

    @Test
    void only_an_admin_loads_checkpoints_from_disk() {
        call(HttpMethod.POST, "/api/v1/models", TestKeys.WRITER).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").isEqualTo("Key 'writer' has the role writer; POST /api/v1/models needs admin");
        call(HttpMethod.POST, "/api/v1/models", TestKeys.ADMIN).exchange().expectStatus().isOk();
        assertThat(inference.last().method()).isEqualTo("POST");
    }

    @Test
    void only_an_admin_deletes() {
        for (String path : new String[] {"/api/v1/architectures/mine", "/api/v1/benchmarks/42", "/api/v1/models/my-llama"}) {
            call(HttpMethod.DELETE, path, TestKeys.WRITER).exchange().expectStatus().isEqualTo(HttpStatus.FORBIDDEN);
            call(HttpMethod.DELETE, path, TestKeys.ADMIN).exchange().expectStatus().isOk();
        }
    }

    @Test
    void the_gateways_own_operations_endpoints_are_for_admins() {
        call(HttpMethod.GET, "/actuator/metrics", TestKeys.READER).exchange().expectStatus().isForbidden();
        call(HttpMethod.GET, "/actuator/metrics", TestKeys.ADMIN).exchange().expectStatus().isOk();
    }

    @Test
    void the_key_stops_at_the_gateway() {
        call(HttpMethod.GET, "/api/v1/benchmarks", TestKeys.READER).exchange().expectStatus().isOk();
        assertThat(benchmark.last().header(HttpHeaders.AUTHORIZATION)).isNull();
    }

    @Test
    void the_service_learns_the_callers_key_name_and_role_and_a_client_cannot_claim_others() {
        call(HttpMethod.POST, "/v1/completions", TestKeys.WRITER).header("X-ArchLab-Client", "admin").header("X-ArchLab-Role", "admin")
                .exchange().expectStatus().isOk();
        assertThat(inference.last().header("X-ArchLab-Client")).isEqualTo("writer");
        assertThat(inference.last().header("X-ArchLab-Role")).isEqualTo("writer");

        client.get().uri("/dashboard/").header("X-ArchLab-Client", "admin").header("X-ArchLab-Role", "admin").exchange();
        assertThat(benchmark.last().path()).isEqualTo("/dashboard/");
        assertThat(benchmark.last().header("X-ArchLab-Client")).isNull();
        assertThat(benchmark.last().header("X-ArchLab-Role")).isNull();
    }

    @Test
    void a_path_that_could_climb_out_of_a_public_prefix_is_refused_before_any_service_sees_it() {
        int before = benchmark.received().size();
        for (String path : new String[] {"/dashboard/../api/v1/benchmarks", "/dashboard/..;/api/v1/benchmarks",
                "/dashboard/%2e%2e/api/v1/benchmarks", "/dashboard/..%2Fapi/v1/benchmarks", "/dashboard//api/v1/benchmarks"}) {
            client.get().uri(URI.create(base() + path)).exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("path_ambiguous");
        }
        assertThat(benchmark.received()).hasSize(before);
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
