package org.archlab.benchmark;

import org.archlab.architecture.analysis.FullSizeEstimate;
import org.archlab.architecture.analysis.RunMemory;
import org.archlab.architecture.catalog.ReferenceCatalog;
import org.archlab.architecture.hf.HfConfigImporter;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Dtype;
import org.archlab.architecture.spec.ScaledVariant;
import org.archlab.architecture.spec.Scaling;
import org.archlab.benchmark.messaging.BenchmarkTopics;
import org.archlab.benchmark.standins.RegistryStandIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Jobs with a {@code scale}: the registry derives the variant, the worker runs it, and each result names the original,
 * the variant and what it kept, with the full-size estimate beside the measurement; jobs that cannot fit are refused.
 */
@BenchmarkServiceTest
class ScaledJobIT {

    private static final long BUDGET = 8L << 30;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    BenchmarkTopics topics;

    @Autowired
    KafkaProperties kafkaProperties;

    JobClient jobs;

    @BeforeEach
    void client() {
        jobs = new JobClient(port);
    }

    @Test
    void a_fit_job_for_models_past_the_budget_succeeds_on_their_largest_fitting_variants() {
        UUID id = jobs.submit("""
                {"architectures": ["deepseek-v3", "gemma-3-27b"], "contextLengths": [4096, 32768], "scale": "fit", "repeats": 1,
                 "label": "scaled-fit"}""");

        JsonNode job = jobs.awaitStatus(id, "SUCCEEDED", "FAILED");

        assertThat(job.get("status").stringValue()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("request").get("scale").get("mode").stringValue()).isEqualTo("fit");
        for (String original : List.of("deepseek-v3", "gemma-3-27b")) {
            ArchitectureSpec spec = catalog(original);
            ArchitectureSpec fitted = ScaledVariant.fit(spec, s -> RunMemory.bytes(s, Dtype.Q8_0, 32_768), BUDGET).orElseThrow();
            Scaling scaling = Scaling.between(spec, fitted);
            String variant = original + "-scaled-" + scaling.layers() + "l" + (scaling.experts() == null ? "" : "-" + scaling.experts() + "e");
            var rows = results(id, original);
            // One variant, fitted at the job's longest context, for every context of the job.
            assertThat(rows).hasSize(2).allSatisfy(row -> {
                assertThat(row).containsEntry("architecture", variant).containsEntry("scaled_layers", scaling.layers())
                        .containsEntry("total_layers", spec.layers()).containsEntry("scaled_experts", scaling.experts())
                        .containsEntry("total_experts", spec.hasMoe() ? spec.moe().experts() : null);
                assertThat(row.get("kv_cache_bytes")).isEqualTo(row.get("theoretical_kv_bytes"));
                int context = (Integer) row.get("context_length");
                double expected = FullSizeEstimate.of((Double) row.get("decode_tps"), RegistryStandIn.footprint(variant, context),
                        RegistryStandIn.footprint(original, context)).decodeTokensPerSecond();
                assertThat((Double) row.get("estimated_full_decode_tps")).isCloseTo(expected, within(1e-9));
                assertThat(row.get("full_kv_bytes")).isEqualTo(RegistryStandIn.theoreticalKvBytes(original, context));
            });
        }
    }

    @Test
    void a_fit_job_with_batch_sizes_runs_the_variant_that_fits_its_largest_batch_at_every_batch() {
        UUID id = jobs.submit("""
                {"architectures": ["qwen3-235b-a22b"], "contextLengths": [4096], "batchSizes": [1, 32], "scale": "fit",
                 "repeats": 1, "label": "scaled-fit-batch"}""");

        JsonNode job = jobs.awaitStatus(id, "SUCCEEDED", "FAILED");

        assertThat(job.get("status").stringValue()).as(job.toString()).isEqualTo("SUCCEEDED");
        ArchitectureSpec spec = catalog("qwen3-235b-a22b");
        ArchitectureSpec forOne = ScaledVariant.fit(spec, s -> RunMemory.bytes(s, Dtype.Q8_0, 4096), BUDGET).orElseThrow();
        ArchitectureSpec forBatch = ScaledVariant.fit(spec, s -> RunMemory.bytes(s, Dtype.Q8_0, 4096, 32), BUDGET).orElseThrow();
        assertThat(forBatch.layers()).isLessThan(forOne.layers());
        Scaling scaling = Scaling.between(spec, forBatch);
        String variant = "qwen3-235b-a22b-scaled-" + scaling.layers() + "l-" + scaling.experts() + "e";
        // Batch 1 runs the variant fitted for batch 32 too: one variant per job, which fits every one of its tasks.
        var rows = jdbc.sql("""
                        SELECT architecture, batch, scaled_layers, scaled_experts FROM benchmark_result
                        WHERE job_id = :job ORDER BY batch""").param("job", id).query().listOfRows();
        assertThat(rows).extracting(row -> row.get("batch")).containsExactly(1, 32);
        assertThat(rows).allSatisfy(row -> assertThat(row).containsEntry("architecture", variant)
                .containsEntry("scaled_layers", scaling.layers()).containsEntry("scaled_experts", scaling.experts()));
    }

    @Test
    void an_explicit_scaling_runs_the_variant_it_names_and_the_dashboard_shows_it_as_scaled_with_its_estimate() {
        UUID id = jobs.submit("""
                {"architectures": ["deepseek-v3"], "contextLengths": [2048], "scale": {"layers": 4, "experts": 16}, "repeats": 1}""");
        JsonNode job = jobs.awaitStatus(id, "SUCCEEDED", "FAILED");
        assertThat(job.get("status").stringValue()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(results(id, "deepseek-v3")).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("architecture", "deepseek-v3-scaled-4l-16e").containsEntry("scaled_layers", 4)
                .containsEntry("total_layers", 61).containsEntry("scaled_experts", 16).containsEntry("total_experts", 256));

        JsonNode result = jobs.api().get("/api/v1/dashboard/compare?architectures=deepseek-v3-scaled-4l-16e").json().get("results").get(0);
        assertThat(result.get("originalArchitecture").stringValue()).isEqualTo("deepseek-v3");
        assertThat(result.get("scaling").get("layers").intValue()).isEqualTo(4);
        assertThat(result.get("scaling").get("totalExperts").intValue()).isEqualTo(256);
        assertThat(result.get("fullSizeEstimate").get("decodeTokensPerSecond").isNumber()).isTrue();
        assertThat(result.get("fullSizeEstimate").get("method").stringValue()).startsWith("Estimate, not a measurement");
        JsonNode curve = jobs.api().get("/api/v1/dashboard/curves?metric=decode_tps&architectures=deepseek-v3-scaled-4l-16e").json()
                .get("series").get(0);
        assertThat(curve.get("originalArchitecture").stringValue()).isEqualTo("deepseek-v3");
        assertThat(curve.get("estimateMethod").stringValue()).startsWith("Estimate, not a measurement");
        assertThat(curve.get("points").get(0).get("estimatedFullSize").doubleValue())
                .isEqualTo(result.get("fullSizeEstimate").get("decodeTokensPerSecond").doubleValue());

        String taskId = job.get("tasks").get(0).get("id").stringValue();
        var event = TopicReader.recordsWithKeys(String.join(",", kafkaProperties.getBootstrapServers()), topics.results(), List.of(taskId));
        assertThat(event.getFirst().value()).contains("\"architecture\":\"deepseek-v3\"",
                "\"scaledArchitecture\":\"deepseek-v3-scaled-4l-16e@1\"", "\"totalLayers\":61");
    }

    @Test
    void a_job_that_cannot_fit_even_scaled_is_refused_naming_the_architecture() {
        var response = jobs.api().post("/api/v1/benchmarks", """
                {"architectures": ["qwen3-0.6b", "deepseek-v3"], "contextLengths": [4096], "scale": "fit", "dtype": "F32"}""");

        assertThat(response.status()).isEqualTo(400);
        JsonNode error = response.json().get("errors").get(0);
        assertThat(error.get("field").stringValue()).isEqualTo("architectures[1]");
        assertThat(error.get("message").stringValue()).startsWith("deepseek-v3 cannot fit even scaled");
        assertThat(jdbc.sql("SELECT count(*) FROM benchmark_job WHERE request->>'dtype' = 'F32' AND request->'scale'->>'mode' = 'fit'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void a_job_without_scale_keeps_naming_what_it_ran() {
        String a = JobClient.architecture("unscaled");
        UUID id = jobs.submit("{\"architectures\": [\"" + a + "\"], \"contextLengths\": [512], \"repeats\": 1}");
        jobs.awaitStatus(id, "SUCCEEDED");
        assertThat(results(id, a)).singleElement().satisfies(row -> assertThat(row).containsEntry("architecture", a)
                .containsEntry("scaled_layers", null).containsEntry("estimated_full_decode_tps", null));
    }

    private List<Map<String, Object>> results(UUID job, String original) {
        return jdbc.sql("""
                        SELECT architecture, context_length, scaled_layers, total_layers, scaled_experts, total_experts, decode_tps,
                               kv_cache_bytes, theoretical_kv_bytes, full_kv_bytes, estimated_full_decode_tps
                        FROM benchmark_result WHERE job_id = :job AND original_architecture = :original ORDER BY context_length""")
                .param("job", job).param("original", original).query().listOfRows();
    }

    private static ArchitectureSpec catalog(String name) {
        return ReferenceCatalog.shipped().stream().filter(e -> e.name().equals(name)).findFirst()
                .map(e -> HfConfigImporter.importConfig(e.hfConfig())).orElseThrow();
    }
}
