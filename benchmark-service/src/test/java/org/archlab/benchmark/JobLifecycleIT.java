package org.archlab.benchmark;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.archlab.benchmark.messaging.BenchmarkTopics;
import org.archlab.benchmark.standins.InferenceStandIn;
import org.archlab.benchmark.standins.RegistryStandIn;
import org.archlab.benchmark.standins.StandIns;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** A job's way from POST through Kafka, the workers and inference-service to stored results, and its failures. */
@BenchmarkServiceTest
class JobLifecycleIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    BenchmarkTopics topics;

    @Autowired
    KafkaProperties kafkaProperties;

    @Autowired
    KafkaTemplate<String, String> kafka;

    JobClient jobs;

    @BeforeEach
    void client() {
        jobs = new JobClient(port);
    }

    @Test
    void a_job_flows_from_submission_to_succeeded_results_with_the_theory_beside_each_measurement() {
        String a = JobClient.architecture("flow");
        String b = JobClient.architecture("flow");
        UUID id = jobs.submit("""
                {"architectures": ["%s", "%s"], "contextLengths": [512, 4096], "dtype": "Q8_0", "repeats": 3, "label": "flow"}
                """.formatted(a, b));

        JsonNode job = jobs.awaitStatus(id, "SUCCEEDED", "FAILED");

        assertThat(job.get("status").stringValue()).isEqualTo("SUCCEEDED");
        assertThat(job.get("tasks")).hasSize(4).allSatisfy(task -> {
            assertThat(task.get("status").stringValue()).isEqualTo("SUCCEEDED");
            assertThat(task.get("attempts").intValue()).isEqualTo(1);
            assertThat(task.get("resultId").isNumber()).isTrue();
        });
        var stored = jdbc.sql("""
                        SELECT decode_tps, kv_cache_bytes, theoretical_kv_bytes, kv_dtype, trusted, repeats,
                               (SELECT count(*) FROM measured_repeat m WHERE m.result_id = r.id) AS repeat_rows
                        FROM benchmark_result r WHERE architecture = :a AND context_length = 4096""")
                .param("a", a).query().singleRow();
        assertThat((Double) stored.get("decode_tps")).isEqualTo(InferenceStandIn.decodeTokensPerSecond(a, 4096));
        assertThat((Long) stored.get("kv_cache_bytes")).isEqualTo(InferenceStandIn.kvCacheBytes(a, 4096));
        assertThat((Long) stored.get("theoretical_kv_bytes")).isEqualTo(RegistryStandIn.theoreticalKvBytes(a, 4096));
        assertThat(stored).containsEntry("trusted", true).containsEntry("repeats", 3).containsEntry("repeat_rows", 3L);
        assertThat(stored).as("a run that reports no KV format kept the configured one").containsEntry("kv_dtype", "F32");
        assertThat(StandIns.registry().lastKvDtype()).isEqualTo("F32");
    }

    @Test
    void a_run_that_kept_its_kv_cache_in_f16_is_stored_beside_the_theory_at_f16() {
        String a = JobClient.architecture("halfkv");
        UUID id = jobs.submit("{\"architectures\": [\"" + a + "\"], \"contextLengths\": [2048]}");
        jobs.awaitStatus(id, "SUCCEEDED");

        var stored = jdbc.sql("SELECT kv_cache_bytes, theoretical_kv_bytes, kv_dtype FROM benchmark_result WHERE architecture = :a")
                .param("a", a).query().singleRow();
        assertThat((Long) stored.get("kv_cache_bytes")).isEqualTo(InferenceStandIn.kvCacheBytes(a, 2048))
                .isEqualTo(RegistryStandIn.theoreticalKvBytes(a, 2048) / 2)
                .isEqualTo(stored.get("theoretical_kv_bytes"));
        assertThat(stored).containsEntry("kv_dtype", "F16");
        assertThat(StandIns.registry().lastKvDtype()).isEqualTo("F16");
    }

    @Test
    void a_job_that_asks_for_f16_kv_caches_gets_runs_that_keep_them_and_results_stored_as_f16_beside_the_theory_at_f16() {
        String a = JobClient.architecture("kvf16");
        UUID id = jobs.submit("""
                {"architectures": ["%s"], "contextLengths": [1024, 2048], "batchSizes": [1, 4], "kvDtype": "f16"}""".formatted(a));
        JsonNode job = jobs.awaitStatus(id, "SUCCEEDED", "FAILED");

        assertThat(job.get("status").stringValue()).isEqualTo("SUCCEEDED");
        assertThat(job.get("request").get("kvDtype").stringValue()).isEqualTo("F16");
        var stored = jdbc.sql("""
                        SELECT context_length, batch, kv_dtype, kv_cache_bytes, theoretical_kv_bytes FROM benchmark_result
                        WHERE architecture = :a ORDER BY context_length, batch""")
                .param("a", a).query().listOfRows();
        assertThat(stored).hasSize(4).allSatisfy(row -> {
            int context = (Integer) row.get("context_length");
            int batch = (Integer) row.get("batch");
            assertThat(row).containsEntry("kv_dtype", "F16");
            // Measured in F16 (half of F32) and compared with the registry's theory at F16: they agree.
            assertThat((Long) row.get("kv_cache_bytes")).isEqualTo(InferenceStandIn.kvCacheBytes(a, context, batch, "F16"))
                    .isEqualTo(RegistryStandIn.theoreticalKvBytes(a, context) * batch / 2)
                    .isEqualTo(row.get("theoretical_kv_bytes"));
        });
        var taskId = job.get("tasks").get(0).get("id").stringValue();
        var announced = TopicReader.recordsWithKeys(bootstrap(), topics.results(), List.of(taskId));
        assertThat(announced.getFirst().value()).contains("\"kvDtype\":\"F16\"");
    }

    @Test
    void a_job_that_asks_for_f32_kv_caches_on_a_server_that_keeps_f16_by_default_gets_f32() {
        String a = JobClient.architecture("halfkv");
        UUID id = jobs.submit("{\"architectures\": [\"" + a + "\"], \"contextLengths\": [2048], \"kvDtype\": \"F32\"}");
        jobs.awaitStatus(id, "SUCCEEDED");

        var stored = jdbc.sql("SELECT kv_cache_bytes, theoretical_kv_bytes, kv_dtype FROM benchmark_result WHERE architecture = :a")
                .param("a", a).query().singleRow();
        assertThat(stored).containsEntry("kv_dtype", "F32");
        assertThat((Long) stored.get("kv_cache_bytes")).isEqualTo(RegistryStandIn.theoreticalKvBytes(a, 2048))
                .isEqualTo(stored.get("theoretical_kv_bytes"));
    }

    @Test
    void each_stored_result_is_announced_on_the_results_topic_with_a_schema_version() {
        String a = JobClient.architecture("announced");
        UUID id = jobs.submit("{\"architectures\": [\"" + a + "\"], \"contextLengths\": [1024]}");
        String taskId = jobs.awaitStatus(id, "SUCCEEDED").get("tasks").get(0).get("id").stringValue();

        var records = TopicReader.recordsWithKeys(bootstrap(), topics.results(), List.of(taskId));

        assertThat(records).hasSize(1);
        assertThat(records.getFirst().value()).contains("\"schemaVersion\":1", "\"architecture\":\"" + a + "\"");
    }

    @Test
    void one_jobs_tasks_are_keyed_by_task_id_and_spread_over_the_partitions() {
        String a = JobClient.architecture("spread");
        UUID id = jobs.submit("{\"architectures\": [\"" + a + "\"], \"contextLengths\": [512, 1024, 2048, 4096, 8192, 16384]}");
        var taskIds = StreamSupport.stream(jobs.job(id).get("tasks").spliterator(), false)
                .map(task -> task.get("id").stringValue()).toList();

        var records = TopicReader.recordsWithKeys(bootstrap(), topics.jobs(), taskIds);

        assertThat(records.stream().map(ConsumerRecord::partition).distinct().count()).isGreaterThan(1);
        assertThat(records.getFirst().value()).contains("\"schemaVersion\":1", "\"jobId\":\"" + id + "\"");
    }

    @Test
    void a_busy_inference_service_is_tried_again_until_the_task_succeeds() {
        UUID id = jobs.submit("{\"architectures\": [\"" + JobClient.architecture("busy") + "\"], \"contextLengths\": [512]}");

        JsonNode task = jobs.awaitStatus(id, "SUCCEEDED", "FAILED").get("tasks").get(0);

        assertThat(task.get("status").stringValue()).isEqualTo("SUCCEEDED");
        assertThat(task.get("attempts").intValue()).isEqualTo(3);
    }

    @Test
    void a_task_that_stays_failing_goes_to_the_dead_letter_topic_and_is_failed_with_its_reason() {
        UUID id = jobs.submit("{\"architectures\": [\"" + JobClient.architecture("always-busy") + "\"], \"contextLengths\": [512]}");

        JsonNode task = jobs.awaitStatus(id, "FAILED").get("tasks").get(0);

        assertThat(task.get("status").stringValue()).isEqualTo("FAILED");
        assertThat(task.get("error").stringValue()).contains("503", "busy");
        assertThat(task.get("attempts").intValue()).isEqualTo(4);
        var dead = TopicReader.recordsWithKeys(bootstrap(), topics.deadLetter(), List.of(task.get("id").stringValue()));
        assertThat(dead).hasSize(1);
        assertThat(dead.getFirst().headers().lastHeader("kafka_dlt-exception-message")).isNotNull();
    }

    @Test
    void an_architecture_the_registry_no_longer_knows_when_its_task_runs_fails_at_once_without_retries() {
        UUID id = jobs.submit("{\"architectures\": [\"" + JobClient.architecture("vanishing") + "\"], \"contextLengths\": [512]}");

        JsonNode task = jobs.awaitStatus(id, "FAILED").get("tasks").get(0);

        assertThat(task.get("attempts").intValue()).isEqualTo(1);
        assertThat(task.get("error").stringValue()).contains("the registry has no architecture");
    }

    @Test
    void a_run_that_inference_service_fails_fails_the_task_with_the_services_error() {
        UUID id = jobs.submit("{\"architectures\": [\"" + JobClient.architecture("failing") + "\"], \"contextLengths\": [512]}");

        JsonNode task = jobs.awaitStatus(id, "FAILED").get("tasks").get(0);

        assertThat(task.get("error").stringValue()).contains("could not measure it", "memory budget");
        assertThat(task.get("attempts").intValue()).isEqualTo(1);
    }

    @Test
    void a_poison_message_lands_in_the_dead_letter_topic_and_its_task_is_failed_with_the_reason() throws Exception {
        UUID jobId = UUID.randomUUID();
        UUID taskId = UUID.randomUUID();
        // A task whose message on benchmark-jobs is not a task message at all.
        jdbc.sql("INSERT INTO benchmark_job (id, label, request) VALUES (:id, 'poison', :request::jsonb)").param("id", jobId)
                .param("request", """
                        {"architectures": ["poison"], "weights": "random", "dtype": "Q8_0", "backend": "auto", "promptTokens": 128,
                         "generateTokens": 64, "contextLengths": [512], "batch": 1, "repeats": 3, "warmup": 1, "seed": 1}""")
                .update();
        jdbc.sql("""
                INSERT INTO benchmark_task (id, job_id, position, architecture, context_length, status)
                VALUES (:id, :jobId, 0, 'poison', 512, 'QUEUED')""").param("id", taskId).param("jobId", jobId).update();
        kafka.send(topics.jobs(), taskId.toString(), "{not json").get();

        JsonNode task = jobs.awaitStatus(jobId, "FAILED").get("tasks").get(0);

        assertThat(task.get("error").stringValue()).startsWith("unreadable task message");
        var dead = TopicReader.recordsWithKeys(bootstrap(), topics.deadLetter(), List.of(taskId.toString()));
        assertThat(dead).extracting(ConsumerRecord::value).containsExactly("{not json");
    }

    @Test
    void repeats_that_disagree_by_more_than_ten_percent_are_stored_as_untrusted() {
        String a = JobClient.architecture("noisy");
        UUID id = jobs.submit("{\"architectures\": [\"" + a + "\"], \"contextLengths\": [512]}");
        jobs.awaitStatus(id, "SUCCEEDED");

        Map<String, Object> stored = jdbc.sql("SELECT trusted, spread FROM benchmark_result WHERE architecture = :a")
                .param("a", a).query().singleRow();

        assertThat(stored).containsEntry("trusted", false);
        assertThat((Double) stored.get("spread")).isGreaterThan(0.10);
    }

    private String bootstrap() {
        return String.join(",", kafkaProperties.getBootstrapServers());
    }
}
