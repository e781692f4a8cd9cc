package org.archlab.benchmark.workers;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The run request as inference-service receives it: a server from before runs could choose a KV format refuses unknown fields. */
class RunRequestJsonTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static RunReport.Request request(String kvDtype) {
        return new RunReport.Request("qwen3-0.6b@1", "random", "Q8_0", kvDtype, "auto", 128, 64, List.of(512), 1, 1, 3, 1L, "job-1/task-1");
    }

    @Test
    void a_task_that_names_no_kv_format_leaves_kvDtype_out_of_the_run_request() {
        assertThat(JSON.readTree(JSON.writeValueAsString(request(null))).has("kvDtype")).isFalse();
    }

    @Test
    void a_task_that_names_one_asks_the_run_for_it() {
        assertThat(JSON.readTree(JSON.writeValueAsString(request("F16"))).get("kvDtype").stringValue()).isEqualTo("F16");
    }
}
