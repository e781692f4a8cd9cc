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

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Throughput over batch size, from a job at batch 1, 8 and 32 that went the whole way through the service. */
@BenchmarkServiceTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchCurvesApiIT {

    private static final int CONTEXT = 6144;

    @LocalServerPort
    int port;

    Api api;
    JsonNode job;
    final String a = JobClient.architecture("batched");
    final String b = JobClient.architecture("batched");

    @BeforeAll
    void measured() {
        api = new Api(port);
        var jobs = new JobClient(api);
        var id = jobs.submit("""
                {"architectures": ["%s", "%s"], "contextLengths": [%d], "batchSizes": [1, 8, 32]}""".formatted(a, b, CONTEXT));
        job = jobs.awaitStatus(id, "SUCCEEDED");
        // Then a in BF16 KV caches at two of the batch sizes: newer, and shown only when asked for.
        var bf16 = jobs.submit("""
                {"architectures": ["%s"], "contextLengths": [%d], "batchSizes": [1, 8], "kvDtype": "BF16"}""".formatted(a, CONTEXT));
        jobs.awaitStatus(bf16, "SUCCEEDED");
    }

    /** The curve of one architecture (curves come ordered by name, and the names are random). */
    private static JsonNode curveOf(JsonNode curves, String architecture) {
        return curves.get("series").valueStream().filter(c -> c.get("architecture").stringValue().equals(architecture))
                .findFirst().orElseThrow();
    }

    @Test
    void the_job_has_one_task_per_architecture_context_and_batch_size() {
        assertThat(job.get("progress").get("total").intValue()).isEqualTo(6);
        assertThat(job.get("progress").get("succeeded").intValue()).isEqualTo(6);
        assertThat(job.get("tasks").findValues("batch").stream().map(JsonNode::intValue).toList()).containsExactly(1, 8, 32, 1, 8, 32);
        assertThat(job.get("request").get("batchSizes").toString()).isEqualTo("[1,8,32]");
    }

    @Test
    void each_architecture_is_a_curve_of_summed_throughput_and_kv_measured_beside_theory_per_batch() {
        JsonNode curves = api.get("/api/v1/dashboard/batch-curves?context=" + CONTEXT + "&architectures=" + a + "," + b).json();

        assertThat(curves.get("context").intValue()).isEqualTo(CONTEXT);
        assertThat(curves.get("series")).hasSize(2);
        assertThat(curves.get("kvDtype").stringValue()).isEqualTo("F32");
        JsonNode points = curveOf(curves, a).get("points");
        assertThat(points.findValues("batch").stream().map(JsonNode::intValue).toList()).containsExactly(1, 8, 32);
        for (JsonNode point : points) {
            int batch = point.get("batch").intValue();
            assertThat(point.get("decodeTokensPerSecond").doubleValue()).isEqualTo(InferenceStandIn.decodeTokensPerSecond(a, CONTEXT, batch));
            assertThat(point.get("kvCacheBytes").longValue()).isEqualTo(InferenceStandIn.kvCacheBytes(a, CONTEXT, batch));
            assertThat(point.get("theoreticalKvBytes").longValue()).isEqualTo(RegistryStandIn.theoreticalKvBytes(a, CONTEXT) * batch);
            assertThat(point.get("kvRatio").doubleValue()).isEqualTo(1.0);
            assertThat(point.get("kvDtype").stringValue()).isEqualTo("F32");
        }
        assertThat(points.get(2).get("decodeTokensPerSecond").doubleValue()).isGreaterThan(points.get(0).get("decodeTokensPerSecond").doubleValue());
    }

    @Test
    void each_curve_ends_where_the_kv_caches_of_its_batch_no_longer_fit_the_kv_budget() {
        JsonNode curves = api.get("/api/v1/dashboard/batch-curves?context=" + CONTEXT + "&architectures=" + b).json();

        assertThat(curves.get("kvBudgetBytes").longValue()).isEqualTo(InferenceStandIn.KV_BUDGET_BYTES);
        JsonNode curve = curves.get("series").get(0);
        long perSequence = RegistryStandIn.theoreticalKvBytes(b, CONTEXT);
        assertThat(curve.get("kvBytesPerSequence").longValue()).isEqualTo(perSequence);
        assertThat(curve.get("kvBudgetBatch").longValue()).isEqualTo(InferenceStandIn.KV_BUDGET_BYTES / perSequence);
    }

    @Test
    void filtered_by_kv_dtype_the_curves_show_only_the_batches_measured_in_that_format_against_the_theory_in_it() {
        JsonNode curves = api.get("/api/v1/dashboard/batch-curves?kvDtype=bf16&context=" + CONTEXT + "&architectures=" + a + "," + b).json();

        assertThat(curves.get("kvDtype").stringValue()).isEqualTo("BF16");
        assertThat(curves.get("series")).hasSize(1);
        JsonNode curve = curveOf(curves, a);
        // Half the bytes per sequence, so twice the sequences fit the KV budget.
        assertThat(curve.get("kvBytesPerSequence").longValue()).isEqualTo(RegistryStandIn.theoreticalKvBytes(a, CONTEXT) / 2);
        assertThat(curve.get("points").findValues("batch").stream().map(JsonNode::intValue).toList()).containsExactly(1, 8);
        for (JsonNode point : curve.get("points")) {
            int batch = point.get("batch").intValue();
            assertThat(point.get("kvDtype").stringValue()).isEqualTo("BF16");
            assertThat(point.get("kvCacheBytes").longValue()).isEqualTo(InferenceStandIn.kvCacheBytes(a, CONTEXT, batch, "BF16"))
                    .isEqualTo(point.get("theoreticalKvBytes").longValue());
            assertThat(point.get("kvRatio").doubleValue()).isEqualTo(1.0);
        }
        List<Integer> contexts = curves.get("contexts").valueStream().map(JsonNode::intValue).toList();
        assertThat(contexts).contains(CONTEXT);
    }

    @Test
    void the_batch_1_views_are_not_mixed_with_batches() {
        JsonNode comparison = api.get("/api/v1/dashboard/compare?architectures=" + a).json();

        assertThat(comparison.get("results")).hasSize(1);
        assertThat(comparison.get("results").get(0).get("decodeTokensPerSecond").doubleValue())
                .isEqualTo(InferenceStandIn.decodeTokensPerSecond(a, CONTEXT));
        assertThat(comparison.get("results").get(0).get("kvCacheBytes").longValue()).isEqualTo(InferenceStandIn.kvCacheBytes(a, CONTEXT));
    }

    @Test
    void without_a_context_the_longest_measured_with_batches_is_shown_and_all_are_listed() {
        JsonNode curves = api.get("/api/v1/dashboard/batch-curves").json();

        List<Integer> contexts = curves.get("contexts").valueStream().map(JsonNode::intValue).toList();
        assertThat(contexts).contains(CONTEXT).isSorted();
        assertThat(curves.get("context").intValue()).isEqualTo(contexts.getLast());
    }

    @Test
    void a_context_no_run_can_have_is_refused_naming_the_parameter() {
        var response = api.get("/api/v1/dashboard/batch-curves?context=0");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").stringValue()).isEqualTo("context");
    }
}
