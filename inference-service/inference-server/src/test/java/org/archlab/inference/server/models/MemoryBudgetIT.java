package org.archlab.inference.server.models;

import org.archlab.architecture.analysis.KvCacheAnalysis;
import org.archlab.architecture.spec.Dtype;
import org.archlab.inference.server.RunningServer;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under a budget that holds two copies of the llama fixture but not three, using a third unloads the least
 * recently used one; a model that could never fit is refused with its estimate.
 */
class MemoryBudgetIT extends RunningServer {

    /** One llama fixture in memory: its weights and its KV cache at its context (256). */
    private static final long ONE = oneModel();

    @DynamicPropertySource
    static void smallBudget(DynamicPropertyRegistry properties) {
        properties.add("archlab.inference.memory-budget", () -> (ONE * 5 / 2) + "B");
    }

    @Test
    void using_a_third_model_unloads_the_least_recently_used_one() {
        for (String name : new String[]{"lru-a", "lru-b", "lru-c"}) {
            http.delete("/api/v1/models/" + name);
            assertThat(http.post("/api/v1/models", "{\"name\": \"" + name + "\", \"path\": \"" + fixture("llama") + "\"}").status())
                    .isEqualTo(201);
        }

        complete("lru-a");
        complete("lru-b");
        complete("lru-a");
        complete("lru-c");

        assertThat(loaded()).containsEntry("lru-a", true).containsEntry("lru-b", false).containsEntry("lru-c", true);
    }

    @Test
    void a_model_larger_than_the_whole_budget_is_refused_with_its_estimate() {
        var answer = http.post("/v1/completions", "{\"model\": \"qwen3-0.6b\", \"prompt\": \"hi\"}");

        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(422);
        var error = answer.json().path("error");
        assertThat(error.path("code").stringValue()).isEqualTo("model_too_large");
        assertThat(error.path("message").stringValue()).contains("of weights").contains("of KV cache");
    }

    private void complete(String model) {
        var answer = http.post("/v1/completions", "{\"model\": \"" + model + "\", \"prompt\": \"hi\", \"max_tokens\": 1}");
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
    }

    private Map<String, Boolean> loaded() {
        var loaded = new HashMap<String, Boolean>();
        http.get("/api/v1/models").json().path("items").forEach(m -> loaded.put(m.path("name").stringValue(), m.path("loaded").booleanValue()));
        return loaded;
    }

    private static long oneModel() {
        Checkpoint llama = Checkpoint.read("llama", fixture("llama"));
        return llama.weightBytes() + KvCacheAnalysis.of(llama.spec(), Dtype.F32, 256, 1).totalBytes();
    }
}
