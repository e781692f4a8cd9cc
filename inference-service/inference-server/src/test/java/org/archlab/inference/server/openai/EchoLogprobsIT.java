package org.archlab.inference.server.openai;

import org.archlab.inference.Fixtures;
import org.archlab.inference.generation.Sampler;
import org.archlab.inference.server.RunningServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code echo} with {@code logprobs} over token ids, as lm-evaluation-harness's local-completions asks for
 * log-likelihoods: the prompt tokens' logprobs must be what the logits llama.cpp computed for the fixture imply,
 * so anyone can check the engine through the API.
 */
class EchoLogprobsIT extends RunningServer {

    private static final Fixtures.Expected EXPECTED = Fixtures.expected("llama");

    @Test
    void prompt_token_logprobs_are_the_log_softmax_of_the_reference_logits() {
        JsonNode logprobs = echo(0).path("choices").get(0).path("logprobs");
        int[] prompt = EXPECTED.prompt();

        JsonNode tokenLogprobs = logprobs.path("token_logprobs");
        assertThat(tokenLogprobs.size()).isEqualTo(prompt.length);
        assertThat(tokenLogprobs.get(0).isNull()).as("nothing predicts the first token").isTrue();
        assertThat(logprobs.path("top_logprobs").get(0).isNull()).isTrue();
        for (int i = 1; i < prompt.length; i++) {
            float[] logits = EXPECTED.logits()[i - 1];
            assertThat(tokenLogprobs.get(i).doubleValue()).as("logprob of prompt token %d", i)
                    .isCloseTo(logSoftmax(logits, prompt[i]), within(1e-3));
            double best = logprobs.path("top_logprobs").get(i).properties().iterator().next().getValue().doubleValue();
            assertThat(best).as("most likely token at %d", i).isCloseTo(logSoftmax(logits, Sampler.argmax(logits)), within(1e-3));
        }
    }

    @Test
    void with_one_generated_token_the_lists_hold_the_prompt_and_that_token_with_offsets_into_the_echoed_text() {
        JsonNode choice = echo(1).path("choices").get(0);
        JsonNode logprobs = choice.path("logprobs");
        int length = EXPECTED.prompt().length + 1;

        assertThat(logprobs.path("tokens").size()).isEqualTo(length);
        assertThat(logprobs.path("token_logprobs").size()).isEqualTo(length);
        assertThat(logprobs.path("top_logprobs").size()).isEqualTo(length);
        assertThat(logprobs.path("text_offset").size()).isEqualTo(length);
        assertThat(logprobs.path("token_logprobs").get(length - 1).isNumber()).isTrue();
        int previous = 0;
        for (JsonNode offset : logprobs.path("text_offset")) {
            assertThat(offset.intValue()).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(choice.path("text").stringValue().length());
            previous = offset.intValue();
        }
    }

    @Test
    void a_token_holding_part_of_a_utf8_character_is_written_as_its_bytes() {
        JsonNode tokens = echo(0).path("choices").get(0).path("logprobs").path("tokens");
        int[] prompt = EXPECTED.prompt();

        assertThat(prompt[1]).as("the fixture's vocabulary maps ids below 256 to single bytes").isBetween(128, 255);
        assertThat(tokens.get(1).stringValue()).isEqualTo(String.format("bytes:\\x%02x", prompt[1]));
    }

    @Test
    void a_batch_of_prompts_gets_one_indexed_choice_per_prompt() {
        String ids = Arrays.stream(EXPECTED.prompt()).mapToObj(Integer::toString).collect(Collectors.joining(","));
        var answer = http.post("/v1/completions", "{\"model\": \"" + LLAMA + "\", \"prompt\": [[" + ids + "], [" + ids
                + "]], \"max_tokens\": 1, \"temperature\": 0, \"logprobs\": 1, \"echo\": true}");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode choices = answer.json().path("choices");
        assertThat(choices.size()).isEqualTo(2);
        assertThat(choices.get(1).path("index").intValue()).isEqualTo(1);
        assertThat(choices.get(1).path("logprobs")).isEqualTo(choices.get(0).path("logprobs"));
    }

    private JsonNode echo(int maxTokens) {
        String ids = Arrays.stream(EXPECTED.prompt()).mapToObj(Integer::toString).collect(Collectors.joining(","));
        var answer = http.post("/v1/completions", "{\"model\": \"" + LLAMA + "\", \"prompt\": [" + ids + "], \"max_tokens\": "
                + maxTokens + ", \"temperature\": 0, \"logprobs\": 1, \"echo\": true}");
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
        return answer.json();
    }

    /** Computed here from the reference logits, independently of the server's own arithmetic. */
    private static double logSoftmax(float[] logits, int token) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp(l - max);
        }
        return logits[token] - max - Math.log(sum);
    }
}
