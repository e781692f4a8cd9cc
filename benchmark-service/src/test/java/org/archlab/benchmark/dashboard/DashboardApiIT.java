package org.archlab.benchmark.dashboard;

import org.archlab.benchmark.Api;
import org.archlab.benchmark.BenchmarkServiceTest;
import org.archlab.benchmark.JobClient;
import org.archlab.benchmark.standins.InferenceStandIn;
import org.archlab.benchmark.standins.RegistryStandIn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard queries over results that went the whole way through the service. */
@BenchmarkServiceTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardApiIT {

    @LocalServerPort
    int port;

    Api api;
    final String a = JobClient.architecture("dash");
    final String b = JobClient.architecture("dash");

    @BeforeAll
    void measured() {
        api = new Api(port);
        var jobs = new JobClient(api);
        var id = jobs.submit("""
                {"architectures": ["%s", "%s"], "contextLengths": [512, 2048, 4096]}""".formatted(a, b));
        jobs.awaitStatus(id, "SUCCEEDED");
    }

    @Test
    void the_leaderboard_ranks_the_newest_result_of_each_architecture_best_first() {
        JsonNode board = api.get("/api/v1/dashboard/leaderboard?metric=decode_tps&context=4096&limit=200").json();

        var ours = new ArrayList<JsonNode>();
        board.get("entries").forEach(e -> {
            if (List.of(a, b).contains(e.get("result").get("architecture").stringValue())) {
                ours.add(e);
            }
        });
        assertThat(ours).hasSize(2);
        assertThat(ours.get(0).get("value").doubleValue()).isGreaterThanOrEqualTo(ours.get(1).get("value").doubleValue());
        for (JsonNode entry : ours) {
            String architecture = entry.get("result").get("architecture").stringValue();
            assertThat(entry.get("value").doubleValue()).isEqualTo(InferenceStandIn.decodeTokensPerSecond(architecture, 4096));
        }
        var values = new ArrayList<Double>();
        board.get("entries").forEach(e -> values.add(e.get("value").doubleValue()));
        assertThat(values).isSortedAccordingTo((x, y) -> Double.compare(y, x));
    }

    @Test
    void the_comparison_lists_each_architecture_at_each_measured_context() {
        JsonNode comparison = api.get("/api/v1/dashboard/compare?architectures=" + a + "," + b).json();

        assertThat(comparison.get("contexts").toString()).isEqualTo("[512,2048,4096]");
        assertThat(comparison.get("results")).hasSize(6);
    }

    @Test
    void the_kv_curve_holds_measured_and_theoretical_bytes_per_context() {
        JsonNode curves = api.get("/api/v1/dashboard/curves?metric=kv_bytes&architectures=" + a).json();

        JsonNode points = curves.get("series").get(0).get("points");
        assertThat(points).hasSize(3);
        assertThat(points.get(2).get("contextLength").intValue()).isEqualTo(4096);
        assertThat(points.get(2).get("measured").doubleValue()).isEqualTo((double) InferenceStandIn.kvCacheBytes(a, 4096));
        assertThat(points.get(2).get("theoretical").longValue()).isEqualTo(RegistryStandIn.theoreticalKvBytes(a, 4096));
    }

    @Test
    void memory_sets_the_measured_kv_cache_beside_the_theoretical() {
        JsonNode rows = api.get("/api/v1/dashboard/memory?architectures=" + b + "&context=2048").json().get("rows");

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("measuredKvBytes").longValue()).isEqualTo(InferenceStandIn.kvCacheBytes(b, 2048));
        assertThat(rows.get(0).get("kvRatio").doubleValue()).isEqualTo(1.0);
        assertThat(rows.get(0).get("streamableWeightBytes").isNumber()).as("stored from the run's report").isTrue();
        assertThat(rows.get(0).get("streamableWeightBytes").longValue()).isZero();
    }

    @Test
    void an_unknown_metric_is_refused_naming_the_parameter() {
        var response = api.get("/api/v1/dashboard/leaderboard?metric=speed");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").stringValue()).isEqualTo("metric");
    }

    @Test
    void the_dashboard_page_and_its_chart_library_are_served_from_the_service() {
        assertThat(api.get("/dashboard/").raw().body()).contains("<title>ArchLab");
        assertThat(api.get("/dashboard/lib/chart.js/dist/chart.umd.js").status()).isEqualTo(200);
    }
}
