package org.archlab.inference.server.openai;

import org.archlab.inference.server.Http;
import org.archlab.inference.server.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Collections;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests the server must refuse get OpenAI's error object on the /v1 endpoints (the right status, type, param and
 * code), and the server stays healthy and useful afterwards.
 */
class BadRequestsIT extends RunningServer {

    @AfterEach
    void serverStaysHealthy() {
        assertThat(http.get("/actuator/health").raw().body()).contains("\"UP\"");
        assertThat(http.post("/v1/completions", "{\"model\": \"" + LLAMA + "\", \"prompt\": \"ok\", \"max_tokens\": 2}").status())
                .isEqualTo(200);
    }

    @Test
    void an_unknown_model_is_404_model_not_found() {
        var answer = http.post("/v1/completions", "{\"model\": \"no-such-model\", \"prompt\": \"hi\"}");

        assertOpenAiError(answer, 404, "invalid_request_error", "model", "model_not_found");
    }

    @Test
    void a_negative_max_tokens_is_400_naming_the_field() {
        var answer = http.post("/v1/completions", "{\"model\": \"" + LLAMA + "\", \"prompt\": \"hi\", \"max_tokens\": -1}");

        assertOpenAiError(answer, 400, "invalid_request_error", "max_tokens", "bad_request");
    }

    /** Input a lenient reader would guess at: each is refused, naming the field, in OpenAI's error object. */
    static Stream<Arguments> strictInput() {
        return Stream.of(
                Arguments.of("/v1/completions", "\"prompt\": \"hi\", \"max_tokens\": 1.5", "max_tokens", "invalid_value"),
                Arguments.of("/v1/completions", "\"prompt\": \"hi\", \"max_tokens\": 2, \"max_tokens\": 3", "max_tokens", "duplicate_key"),
                Arguments.of("/v1/completions", "\"prompt\": \"hi\", \"max_token\": 2", "max_token", "unknown_field"),
                Arguments.of("/v1/chat/completions", "\"messages\": [{\"role\": \"user\", \"content\": \"hi\", \"mood\": \"calm\"}]",
                        "messages[0].mood", "unknown_field"));
    }

    @ParameterizedTest(name = "{3}: {2}")
    @MethodSource("strictInput")
    void input_a_lenient_reader_would_guess_at_is_400_naming_the_field(String path, String fields, String param, String code) {
        var answer = http.post(path, "{\"model\": \"" + LLAMA + "\", " + fields + "}");

        assertOpenAiError(answer, 400, "invalid_request_error", param, code);
    }

    @Test
    void openai_fields_that_cannot_change_the_tokens_are_accepted_and_ignored() {
        var completion = http.post("/v1/completions", "{\"model\": \"" + LLAMA
                + "\", \"prompt\": \"hi\", \"max_tokens\": 2, \"user\": \"u-1\", \"frequency_penalty\": 0, \"logit_bias\": {}}");
        var chat = http.post("/v1/chat/completions", "{\"model\": \"" + LLAMA + "\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}],"
                + " \"max_tokens\": 2, \"user\": \"u-1\", \"metadata\": {\"k\": \"v\"}, \"store\": false, \"presence_penalty\": 0.0}");

        assertThat(completion.status()).as(completion.raw().body()).isEqualTo(200);
        assertThat(chat.status()).as(chat.raw().body()).isEqualTo(200);
    }

    @Test
    void an_openai_field_that_would_change_the_tokens_is_refused_unless_neutral() {
        var answer = http.post("/v1/completions", "{\"model\": \"" + LLAMA
                + "\", \"prompt\": \"hi\", \"max_tokens\": 2, \"frequency_penalty\": 0.5}");

        assertOpenAiError(answer, 400, "invalid_request_error", "frequency_penalty", "unsupported_value");
    }

    @Test
    void a_prompt_longer_than_the_context_is_400_context_length_exceeded() {
        String ids = String.join(",", Collections.nCopies(300, "5"));
        var answer = http.post("/v1/completions", "{\"model\": \"" + LLAMA + "\", \"prompt\": [" + ids + "], \"max_tokens\": 1}");

        assertOpenAiError(answer, 400, "invalid_request_error", "prompt", "context_length_exceeded");
        assertThat(answer.json().path("error").path("message").stringValue()).contains("256");
    }

    @Test
    void max_tokens_past_the_context_is_400_context_length_exceeded() {
        var answer = http.post("/v1/chat/completions", "{\"model\": \"" + LLAMA
                + "\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_tokens\": 1000}");

        assertOpenAiError(answer, 400, "invalid_request_error", "max_tokens", "context_length_exceeded");
    }

    @Test
    void more_prompts_than_the_server_takes_in_one_request_is_400_too_many_prompts() {
        var answer = batch(9, "\"a\"", 1);

        assertOpenAiError(answer, 400, "invalid_request_error", "prompt", "too_many_prompts");
        assertThat(answer.json().path("error").path("message").stringValue()).contains("9 prompts").contains("at most 8");
    }

    @Test
    void prompts_and_max_tokens_past_the_work_limit_are_400_naming_max_tokens() {
        var answer = batch(8, "[5, 6, 7]", 250);

        assertOpenAiError(answer, 400, "invalid_request_error", "max_tokens", "request_work_exceeded");
        assertThat(answer.json().path("error").path("message").stringValue()).contains("2024 tokens of work").contains("allows 2000");
    }

    @Test
    void prompts_past_the_work_limit_on_their_own_are_400_naming_the_prompt() {
        var answer = batch(8, "[" + String.join(",", Collections.nCopies(255, "5")) + "]", 0);

        assertOpenAiError(answer, 400, "invalid_request_error", "prompt", "request_work_exceeded");
    }

    /** A completion of {@code count} copies of one prompt (JSON), each with {@code maxTokens}. */
    private Http.Answer batch(int count, String prompt, int maxTokens) {
        return http.post("/v1/completions", "{\"model\": \"" + LLAMA + "\", \"prompt\": [" + String.join(",", Collections.nCopies(count, prompt))
                + "], \"max_tokens\": " + maxTokens + "}");
    }

    @Test
    void more_than_one_choice_is_400_naming_n() {
        var answer = http.post("/v1/chat/completions", "{\"model\": \"" + LLAMA
                + "\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"n\": 2}");

        assertOpenAiError(answer, 400, "invalid_request_error", "n", "unsupported_value");
    }

    @Test
    void malformed_json_is_400_on_both_apis() {
        assertOpenAiError(http.post("/v1/completions", "{\"model\": "), 400, "invalid_request_error", "model", "malformed_json");

        var problem = http.post("/api/v1/models", "{\"name\": ");
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("application/problem+json"));
        assertThat(problem.json().path("errors").get(0).path("field").stringValue()).isEqualTo("name");
    }

    @Test
    void a_body_over_the_limit_is_413() {
        String big = "x".repeat(70 * 1024);
        var answer = http.post("/v1/completions", "{\"model\": \"" + LLAMA + "\", \"prompt\": \"" + big + "\"}");

        assertOpenAiError(answer, 413, "invalid_request_error", "body", "request_too_large");
    }

    @Test
    void a_bad_role_names_the_message() {
        var answer = http.post("/v1/chat/completions", "{\"model\": \"" + LLAMA + "\", \"messages\": [{\"role\": \"wizard\", \"content\": \"hi\"}]}");

        assertOpenAiError(answer, 400, "invalid_request_error", "messages[0].role", "bad_request");
    }

    static void assertOpenAiError(Http.Answer answer, int status, String type, String param, String code) {
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(status);
        var error = answer.json().path("error");
        assertThat(error.path("message").stringValue()).isNotBlank();
        assertThat(error.path("type").stringValue()).isEqualTo(type);
        assertThat(error.path("param").isNull() ? null : error.path("param").stringValue()).isEqualTo(param);
        assertThat(error.path("code").isNull() ? null : error.path("code").stringValue()).isEqualTo(code);
    }
}
