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
        // Then a in F16 KV caches: newer than its F32 results, which the views without a kvDtype still show.
        var f16 = jobs.submit("""
                {"architectures": ["%s"], "contextLengths": [512, 2048, 4096], "kvDtype": "F16"}""".formatted(a));
        jobs.awaitStatus(f16, "SUCCEEDED");
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
    void the_views_filtered_by_kv_dtype_show_only_results_in_that_format_with_the_theory_in_it_too() {
        JsonNode comparison = api.get("/api/v1/dashboard/compare?kvDtype=f16&architectures=" + a + "," + b).json();
        assertThat(comparison.get("results")).hasSize(3).allSatisfy(r -> {
            assertThat(r.get("architecture").stringValue()).isEqualTo(a);
            assertThat(r.get("kvDtype").stringValue()).isEqualTo("F16");
            int context = r.get("contextLength").intValue();
            assertThat(r.get("kvCacheBytes").longValue()).isEqualTo(InferenceStandIn.kvCacheBytes(a, context, 1, "F16"))
                    .isEqualTo(RegistryStandIn.theoreticalKvBytes(a, context) / 2)
                    .isEqualTo(r.get("theoreticalKvBytes").longValue());
        });

        JsonNode rows = api.get("/api/v1/dashboard/memory?kvDtype=F16&architectures=" + a + "," + b).json().get("rows");
        assertThat(rows).hasSize(3).allSatisfy(r -> {
            assertThat(r.get("kvDtype").stringValue()).isEqualTo("F16");
            assertThat(r.get("kvRatio").doubleValue()).isEqualTo(1.0);
        });

        var board = new ArrayList<String>();
        api.get("/api/v1/dashboard/leaderboard?context=4096&limit=200&kvDtype=F16").json().get("entries")
                .forEach(e -> board.add(e.get("result").get("kvDtype").stringValue() + " " + e.get("result").get("architecture").stringValue()));
        assertThat(board).contains("F16 " + a).doesNotContain("F16 " + b).allMatch(entry -> entry.startsWith("F16 "));

        JsonNode curve = api.get("/api/v1/dashboard/curves?metric=kv_bytes&kvDtype=F16&architectures=" + a).json();
        assertThat(curve.get("series").get(0).get("points").get(2).get("measured").doubleValue())
                .isEqualTo((double) InferenceStandIn.kvCacheBytes(a, 4096, 1, "F16"));
    }

    @Test
    void without_a_kv_dtype_every_view_shows_f32_results_as_before_though_newer_f16_ones_exist() {
        JsonNode comparison = api.get("/api/v1/dashboard/compare?architectures=" + a).json();
        assertThat(comparison.get("results")).hasSize(3).allSatisfy(r -> {
            assertThat(r.get("kvDtype").stringValue()).isEqualTo("F32");
            assertThat(r.get("kvCacheBytes").longValue()).isEqualTo(InferenceStandIn.kvCacheBytes(a, r.get("contextLength").intValue()));
        });
        assertThat(api.get("/api/v1/dashboard/compare?kvDtype=BF16&architectures=" + a).json().get("results")).isEmpty();
    }

    @Test
    void a_kv_dtype_that_is_no_kv_cache_format_is_refused_naming_the_parameter() {
        var response = api.get("/api/v1/dashboard/leaderboard?kvDtype=Q8_0");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").stringValue()).isEqualTo("kvDtype");
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
