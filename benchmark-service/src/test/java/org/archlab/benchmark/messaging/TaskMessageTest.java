package org.archlab.benchmark.messaging;

import org.archlab.benchmark.jobs.Scale;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class TaskMessageTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void a_task_queued_before_jobs_could_name_a_kv_cache_format_reads_as_the_servers_default() {
        var task = JSON.readValue("""
                {"schemaVersion": 1, "taskId": "00000000-0000-0000-0000-000000000001", "jobId": "00000000-0000-0000-0000-000000000002",
                 "architecture": "qwen3-0.6b", "contextLength": 512, "weights": "random", "dtype": "Q8_0", "backend": "auto",
                 "promptTokens": 128, "generateTokens": 64, "batch": 1, "repeats": 3, "warmup": 1, "seed": 1}""", TaskMessage.class);

        assertThat(task.kvDtype()).isNull();
        assertThat(task.scale()).isEqualTo(Scale.NONE);
    }

    @Test
    void a_task_carries_its_jobs_kv_cache_format_through_the_topic() {
        var task = new TaskMessage(TaskMessage.SCHEMA_VERSION, java.util.UUID.randomUUID(), java.util.UUID.randomUUID(), "qwen3-0.6b",
                512, "random", "Q8_0", "auto", 128, 64, 1, 3, 1, 1L, Scale.NONE, 512, 1, "F16");

        assertThat(JSON.readValue(JSON.writeValueAsString(task), TaskMessage.class)).isEqualTo(task);
    }
}
