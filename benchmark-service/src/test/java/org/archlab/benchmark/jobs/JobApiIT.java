package org.archlab.benchmark.jobs;

import org.archlab.benchmark.Api;
import org.archlab.benchmark.BenchmarkServiceTest;
import org.archlab.benchmark.JobClient;
import org.archlab.benchmark.standins.InferenceStandIn;
import org.archlab.benchmark.standins.StandIns;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@BenchmarkServiceTest
class JobApiIT {

    @LocalServerPort
    int port;

    Api api;
    JobClient jobs;

    @BeforeEach
    void client() {
        api = new Api(port);
        jobs = new JobClient(api);
    }

    @Test
    void a_submitted_job_answers_202_with_its_location_and_one_queued_task_per_architecture_and_context() {
        String a = JobClient.architecture("held");
        StandIns.inference().hold(a);
        try {
            var response = api.post("/api/v1/benchmarks", """
                    {"architectures": ["%s", "qwen3-0.6b"], "contextLengths": [512, 2048, 4096], "label": "shape"}""".formatted(a));

            assertThat(response.status()).isEqualTo(202);
            JsonNode job = response.json();
            assertThat(response.header("Location")).isEqualTo("/api/v1/benchmarks/" + job.get("id").stringValue());
            assertThat(job.get("tasks")).hasSize(6);
            assertThat(job.get("tasks").get(0).get("status").stringValue()).isEqualTo("QUEUED");
            assertThat(job.get("request").get("repeats").intValue()).isEqualTo(3);
            assertThat(job.get("progress").get("total").intValue()).isEqualTo(6);
        } finally {
            StandIns.inference().release(a);
        }
    }

    @Test
    void invalid_fields_are_refused_with_problem_json_naming_each_field() {
        var response = api.post("/api/v1/benchmarks", """
                {"architectures": ["qwen3-0.6b", "bad name!"], "dtype": "Q9", "repeats": 0, "contextLengths": [100]}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        var fields = new ArrayList<String>();
        response.json().get("errors").forEach(e -> fields.add(e.get("field").stringValue()));
        assertThat(fields).containsExactlyInAnyOrder("architectures[1]", "dtype", "repeats", "contextLengths[0]");
    }

    @Test
    void a_kv_cache_format_that_is_none_of_f32_f16_bf16_is_refused_naming_kvDtype() {
        var response = api.post("/api/v1/benchmarks", """
                {"architectures": ["qwen3-0.6b"], "contextLengths": [512], "kvDtype": "Q8_0"}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("errors")).hasSize(1);
        assertThat(response.json().get("errors").get(0).get("field").stringValue()).isEqualTo("kvDtype");
        assertThat(response.json().get("errors").get(0).get("message").stringValue()).contains("F16", "Q8_0");
    }

    @Test
    void a_job_keeps_the_kv_cache_format_it_asked_for_in_its_canonical_case() {
        String a = JobClient.architecture("held");
        StandIns.inference().hold(a);
        try {
            var response = api.post("/api/v1/benchmarks", """
                    {"architectures": ["%s"], "contextLengths": [512], "kvDtype": "bf16"}""".formatted(a));

            assertThat(response.status()).isEqualTo(202);
            assertThat(response.json().get("request").get("kvDtype").stringValue()).isEqualTo("BF16");
        } finally {
            StandIns.inference().release(a);
        }
    }

    @Test
    void a_job_inference_service_states_it_cannot_run_is_refused_naming_each_field() {
        var response = api.post("/api/v1/benchmarks", """
                {"architectures": ["qwen3-0.6b"], "batchSizes": [1, 8], "backend": "tornadovm", "contextLengths": [512, %d]}""".formatted(
                InferenceStandIn.MAX_CONTEXT * 2));

        assertThat(response.status()).isEqualTo(400);
        var errors = new LinkedHashMap<String, String>();
        response.json().get("errors").forEach(e -> errors.put(e.get("field").stringValue(), e.get("message").stringValue()));
        // Batch 8 is among the batch sizes inference-service states (1 to 64), so only backend and context are refused.
        assertThat(errors).containsOnlyKeys("backend", "contextLengths[1]");
        assertThat(errors.get("contextLengths[1]")).contains(Integer.toString(InferenceStandIn.MAX_CONTEXT));
        assertThat(errors.get("backend")).contains("jvm");
    }

    @Test
    void a_job_for_architectures_the_registry_does_not_know_is_refused_naming_each() {
        String unknown = JobClient.architecture("unregistered");
        var response = api.post("/api/v1/benchmarks", """
                {"sweep": {"base": "qwen3-0.6b", "variants": ["%s-a", "qwen3-0.6b-window", "%s-b"]}}""".formatted(unknown, unknown));

        assertThat(response.status()).isEqualTo(400);
        var errors = new LinkedHashMap<String, String>();
        response.json().get("errors").forEach(e -> errors.put(e.get("field").stringValue(), e.get("message").stringValue()));
        assertThat(errors).containsOnlyKeys("sweep.variants[0]", "sweep.variants[2]");
        assertThat(errors.get("sweep.variants[0]")).isEqualTo("the registry has no architecture " + unknown + "-a");
    }

    @Test
    void a_request_with_both_architectures_and_a_sweep_is_refused() {
        var response = api.post("/api/v1/benchmarks", """
                {"architectures": ["qwen3-0.6b"], "sweep": {"base": "qwen3-0.6b", "variants": ["qwen3-0.6b-window"]}}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").stringValue()).isEqualTo("architectures");
    }

    @Test
    void a_sweep_measures_the_base_and_each_variant() {
        String base = JobClient.architecture("held");
        StandIns.inference().hold(base);
        try {
            UUID id = jobs.submit("""
                    {"sweep": {"base": "%s", "variants": ["%s-window", "%s-mla"]}, "contextLengths": [1024]}""".formatted(base, base, base));

            var architectures = new ArrayList<String>();
            jobs.job(id).get("tasks").forEach(t -> architectures.add(t.get("architecture").stringValue()));
            assertThat(architectures).containsExactly(base, base + "-window", base + "-mla");
        } finally {
            StandIns.inference().release(base);
        }
    }

    @Test
    void a_malformed_body_is_refused_with_the_field_that_could_not_be_read() {
        var response = api.post("/api/v1/benchmarks", "{\"architectures\": [\"a\"], \"repeats\": \"three\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").stringValue()).isEqualTo("repeats");
    }

    @Test
    void an_unknown_job_is_404_problem_json() {
        var response = api.get("/api/v1/benchmarks/" + UUID.randomUUID());

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void the_job_list_pages_newest_first_with_a_cursor_and_filters_by_label() {
        String label = "page-" + UUID.randomUUID();
        var submitted = new ArrayList<UUID>();
        for (int i = 0; i < 3; i++) {
            submitted.add(jobs.submit("{\"architectures\": [\"" + JobClient.architecture("listed") + "\"], \"label\": \"" + label + "\"}"));
        }

        JsonNode first = api.get("/api/v1/benchmarks?limit=2&label=" + label).json();
        JsonNode second = api.get("/api/v1/benchmarks?limit=2&label=" + label + "&cursor=" + first.get("nextCursor").stringValue()).json();

        var ids = new ArrayList<String>();
        first.get("items").forEach(j -> ids.add(j.get("id").stringValue()));
        second.get("items").forEach(j -> ids.add(j.get("id").stringValue()));
        assertThat(ids).containsExactly(submitted.reversed().stream().map(UUID::toString).toArray(String[]::new));
        assertThat(second.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void cancelling_a_job_cancels_its_queued_tasks_while_the_running_one_finishes() {
        String a = JobClient.architecture("held");
        StandIns.inference().hold(a);
        UUID id;
        try {
            id = jobs.submit("{\"architectures\": [\"" + a + "\"], \"contextLengths\": [512, 1024, 2048]}");
            firstRunning(id);

            JsonNode cancelled = api.delete("/api/v1/benchmarks/" + id).json();

            assertThat(statuses(cancelled)).containsExactlyInAnyOrder("RUNNING", "CANCELLED", "CANCELLED");
        } finally {
            StandIns.inference().release(a);
        }
        JsonNode done = jobs.awaitStatus(id, "CANCELLED");
        assertThat(statuses(done)).containsExactlyInAnyOrder("SUCCEEDED", "CANCELLED", "CANCELLED");
    }

    private int firstRunning(UUID id) {
        return await().atMost(Duration.ofSeconds(90)).until(() -> {
            var tasks = jobs.job(id).get("tasks");
            for (int i = 0; i < tasks.size(); i++) {
                if (tasks.get(i).get("status").stringValue().equals("RUNNING")) {
                    return i;
                }
            }
            return -1;
        }, i -> i >= 0);
    }

    private static List<String> statuses(JsonNode job) {
        var statuses = new ArrayList<String>();
        job.get("tasks").forEach(t -> statuses.add(t.get("status").stringValue()));
        return statuses;
    }
}
