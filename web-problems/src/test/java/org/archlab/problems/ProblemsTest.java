package org.archlab.problems;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemsTest {

    @Test
    void an_unexpected_failure_is_a_500_without_its_exception_text() {
        var failure = new IllegalStateException("password=hunter2 at jdbc:postgresql://db:5432");
        ApiProblem problem = Problems.of(failure);

        assertThat(problem.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(problem.code()).isEqualTo("internal_error");
        assertThat(problem.detail()).isEqualTo(Problems.INTERNAL_DETAIL).doesNotContain("hunter2");
        assertThat(Problems.isUnexpected(failure, problem)).isTrue();
    }

    @Test
    void a_framework_failure_keeps_its_status_but_not_its_text() {
        var timeout = new org.springframework.web.context.request.async.AsyncRequestTimeoutException();
        ApiProblem problem = Problems.of(timeout);

        assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(problem.detail()).isEqualTo(Problems.INTERNAL_DETAIL);
    }

    @Test
    void a_problem_without_a_code_takes_its_status_name() {
        assertThat(ApiProblem.field("limit", "must be positive").code()).isEqualTo("bad_request");
        assertThat(ApiProblem.notFound("Job 7").code()).isEqualTo("not_found");
    }

    @Test
    void the_body_carries_every_shared_field_and_the_request_id() {
        var problem = ApiProblem.busy(HttpStatus.TOO_MANY_REQUESTS, "busy", "model_busy", Duration.ofMillis(1500));
        var body = Problems.body(problem, "/v1/completions", "req-1");

        assertThat(body.getStatus()).isEqualTo(429);
        assertThat(body.getTitle()).isEqualTo("Too Many Requests");
        assertThat(body.getDetail()).isEqualTo("busy");
        assertThat(body.getProperties()).containsEntry("code", "model_busy").containsEntry("requestId", "req-1");
        assertThat(problem.headers().getFirst("Retry-After")).isEqualTo("2");
    }

    @Test
    void a_json_error_inside_a_part_of_the_request_names_the_path_from_the_root() {
        var e = catchJson("{\"layers\": 1.5}");
        ApiProblem problem = Problems.json(e, "spec");

        assertThat(problem.errors()).extracting(ApiProblem.FieldError::field).containsExactly("spec.layers");
        assertThat(problem.code()).isEqualTo("invalid_value");
    }

    record Layers(int layers) {
    }

    private static tools.jackson.core.JacksonException catchJson(String json) {
        var mapper = org.archlab.architecture.json.SpecJson.strictInput(tools.jackson.databind.json.JsonMapper.builder()).build();
        try {
            mapper.readValue(json, Layers.class);
        } catch (tools.jackson.core.JacksonException e) {
            return e;
        }
        throw new AssertionError("no error reading " + json);
    }
}
