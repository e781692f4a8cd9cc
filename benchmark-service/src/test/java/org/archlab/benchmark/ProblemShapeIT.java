package org.archlab.benchmark;

import org.archlab.testsupport.ProblemProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.archlab.testsupport.ProblemProbe.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Bad input at the benchmark service's own port gets the platform's one problem shape, every offending field named. */
@BenchmarkServiceTest
class ProblemShapeIT {

    @LocalServerPort
    int port;

    ProblemProbe probe;

    @BeforeEach
    void probe() {
        probe = new ProblemProbe(port);
    }

    @Test
    void malformed_json_names_where_it_broke() {
        assertProblem(probe.post("/api/v1/benchmarks", "{\"architectures\": [\"a\"], \"batch\": tru}"), 400, "malformed_json", "batch");
    }

    @Test
    void an_unknown_field_is_named() {
        assertProblem(probe.post("/api/v1/benchmarks", "{\"architectures\": [\"a\"], \"colour\": 1}"), 400, "unknown_field", "colour");
    }

    @Test
    void a_repeated_key_is_named() {
        assertProblem(probe.post("/api/v1/benchmarks", "{\"architectures\": [\"a\"], \"batch\": 1, \"batch\": 2}"), 400, "duplicate_key", "batch");
    }

    @Test
    void a_fraction_where_an_integer_is_meant_is_named() {
        assertProblem(probe.post("/api/v1/benchmarks", "{\"architectures\": [\"a\"], \"batch\": 1.5}"), 400, "invalid_value", "batch");
    }

    @Test
    void an_unknown_path_is_404_not_an_html_page() {
        assertProblem(probe.get("/api/v1/nothing-here"), 404, "not_found");
    }

    @Test
    void a_method_the_path_does_not_serve_is_405() {
        assertProblem(probe.send("PATCH", "/api/v1/benchmarks", "application/json", "{}"), 405, "method_not_allowed");
    }

    @Test
    void a_body_that_is_not_json_is_415() {
        assertProblem(probe.send("POST", "/api/v1/benchmarks", "text/plain", "architectures=a"), 415, "unsupported_media_type");
    }

    @Test
    void a_body_over_the_limit_is_413() {
        assertProblem(probe.post("/api/v1/benchmarks", ProblemProbe.jsonOfSize(2 * 1024 * 1024)), 413, "request_too_large", "body");
    }

    @Test
    void the_dashboard_refuses_a_context_no_run_can_have() {
        assertProblem(probe.get("/api/v1/dashboard/leaderboard?context=-1"), 400, "bad_request", "context");
        assertProblem(probe.get("/api/v1/dashboard/memory?context=0"), 400, "bad_request", "context");
    }

    @Test
    void the_dashboard_refuses_a_dtype_that_does_not_exist() {
        assertProblem(probe.get("/api/v1/dashboard/leaderboard?dtype=BOGUS"), 400, "bad_request", "dtype");
        assertProblem(probe.get("/api/v1/dashboard/compare?architectures=a&dtype=BOGUS"), 400, "bad_request", "dtype");
    }

    @Test
    void a_dtype_is_read_in_any_case() {
        assertThat(probe.get("/api/v1/dashboard/leaderboard?dtype=q8_0").status()).isEqualTo(200);
        assertThat(probe.post("/api/v1/benchmarks", "{\"architectures\": [\"a\"], \"dtype\": \"q4_0\", \"batch\": 0}").fields())
                .containsExactly("batch");
    }
}
