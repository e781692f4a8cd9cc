package org.archlab.benchmark;

import org.archlab.testsupport.ProblemProbe;
import org.archlab.testsupport.ProblemShapeContract;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.archlab.testsupport.ProblemProbe.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Bad input at the benchmark service's own port gets the platform's one problem shape, every offending field named. */
@BenchmarkServiceTest
class ProblemShapeIT implements ProblemShapeContract {

    @LocalServerPort
    int port;

    @Override
    public JsonEndpoint jsonEndpoint() {
        return new JsonEndpoint(port, "/api/v1/benchmarks", "{\"architectures\": [\"a\"], \"batch\": %s}", "batch", 1024 * 1024);
    }

    @Test
    void the_dashboard_refuses_a_context_no_run_can_have() {
        var probe = new ProblemProbe(port);
        assertProblem(probe.get("/api/v1/dashboard/leaderboard?context=-1"), 400, "bad_request", "context");
        assertProblem(probe.get("/api/v1/dashboard/memory?context=0"), 400, "bad_request", "context");
    }

    @Test
    void the_dashboard_refuses_a_dtype_that_does_not_exist() {
        var probe = new ProblemProbe(port);
        assertProblem(probe.get("/api/v1/dashboard/leaderboard?dtype=BOGUS"), 400, "bad_request", "dtype");
        assertProblem(probe.get("/api/v1/dashboard/compare?architectures=a&dtype=BOGUS"), 400, "bad_request", "dtype");
    }

    @Test
    void a_dtype_is_read_in_any_case() {
        var probe = new ProblemProbe(port);
        assertThat(probe.get("/api/v1/dashboard/leaderboard?dtype=q8_0").status()).isEqualTo(200);
        assertThat(probe.post("/api/v1/benchmarks", "{\"architectures\": [\"a\"], \"dtype\": \"q4_0\", \"batch\": 0}").fields())
                .containsExactly("batch");
    }
}
