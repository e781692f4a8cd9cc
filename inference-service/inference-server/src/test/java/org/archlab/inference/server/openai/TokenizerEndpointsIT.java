package org.archlab.inference.server.openai;

import org.archlab.inference.server.RunningServer;
import org.archlab.inference.server.StandInRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** vLLM's tokenizer endpoints, as evaluation harnesses call them (often without naming a model). */
class TokenizerEndpointsIT extends RunningServer {

    @Test
    void text_tokenizes_and_detokenizes_back_with_the_models_own_vocabulary() {
        JsonNode tokens = http.post("/tokenize", "{\"model\": \"" + LLAMA + "\", \"prompt\": \"Hello, world\", \"add_special_tokens\": false}").json();

        assertThat(tokens.path("count").intValue()).isEqualTo(tokens.path("tokens").size()).isPositive();
        assertThat(tokens.path("max_model_len").intValue()).isEqualTo(256);
        JsonNode text = http.post("/detokenize", "{\"model\": \"" + LLAMA + "\", \"tokens\": " + tokens.path("tokens") + "}").json();
        assertThat(text.path("prompt").stringValue()).isEqualTo("Hello, world");
    }

    @Test
    void tokenizer_info_describes_the_gguf_vocabulary_and_a_request_without_a_model_means_the_last_one_used() {
        http.post("/v1/completions", "{\"model\": \"" + LLAMA + "\", \"prompt\": \"warm\", \"max_tokens\": 1}");

        JsonNode info = http.get("/tokenizer_info").json();

        assertThat(info.path("model").stringValue()).isEqualTo(LLAMA);
        assertThat(info.path("tokenizer_class").stringValue()).isEqualTo("gguf");
        assertThat(info.path("eos_token").stringValue()).isEqualTo("<|eos|>");
        assertThat(info.path("vocab_size").intValue()).isEqualTo(320);
        assertThat(info.path("fallback").isNull()).isTrue();
        assertThat(http.post("/tokenize", "{\"prompt\": \"test\", \"add_special_tokens\": false}").json().path("tokens").isArray()).isTrue();
    }

    @Test
    void a_random_weight_model_says_its_tokenizer_is_the_byte_fallback() {
        JsonNode info = http.get("/tokenizer_info?model=" + StandInRegistry.TINY).json();

        assertThat(info.path("tokenizer_class").stringValue()).isEqualTo("bytes");
        assertThat(info.path("fallback").stringValue()).contains("no vocabulary");
        assertThat(info.path("eos_token").isNull()).isTrue();
        JsonNode tokens = http.post("/tokenize", "{\"model\": \"" + StandInRegistry.TINY + "\", \"prompt\": \"Hé\"}").json();
        assertThat(tokens.path("tokens").toString()).isEqualTo("[72,195,169]");
    }

    @Test
    void chat_says_which_template_it_used() {
        var answer = http.post("/v1/chat/completions", "{\"model\": \"" + LLAMA + "\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}],"
                + " \"max_tokens\": 2}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header(ChatController.TEMPLATE_HEADER)).hasValue("default");
    }

    @Test
    void prometheus_exposes_token_counts_latency_histograms_queue_depth_and_model_memory() {
        http.post("/v1/completions", "{\"model\": \"" + LLAMA + "\", \"prompt\": \"metrics\", \"max_tokens\": 4, \"temperature\": 0,"
                + " \"stop\": \"\\u0000\"}");

        String metrics = http.get("/actuator/prometheus").raw().body();

        assertThat(metrics).contains("archlab_inference_tokens_generated_total{", "archlab_inference_time_to_first_token_seconds_bucket{",
                "archlab_inference_time_to_first_token_seconds_count{", "archlab_inference_inter_token_latency_seconds_bucket{",
                "archlab_inference_decode_speed_tokens_per_second", "archlab_inference_queue_depth", "archlab_inference_generations_active",
                "archlab_inference_model_memory_bytes", "archlab_inference_kv_cache_bytes", "archlab_inference_runs_queued");
    }
}
