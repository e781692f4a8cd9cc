package org.archlab.inference.server.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionChoice;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.models.Model;
import org.archlab.inference.server.RunningServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The official OpenAI Java SDK, unmodified, drives the server against the llama fixture (a real GGUF with its own vocabulary). */
class OpenAiClientIT extends RunningServer {

    private OpenAIClient openai;

    @BeforeEach
    void client() {
        openai = OpenAIOkHttpClient.builder().baseUrl("http://localhost:" + port + "/v1").apiKey("unused").maxRetries(0).build();
    }

    @Test
    void the_sdk_lists_the_registered_fixture_among_the_models() {
        assertThat(openai.models().list().data()).extracting(Model::id).contains(LLAMA);
    }

    @Test
    void the_model_list_names_the_kernel_backend_every_model_runs_on() {
        var backend = http.get("/v1/models").json().path("backend");

        assertThat(backend.path("name").stringValue()).isEqualTo("jvm");
        assertThat(backend.path("device").stringValue()).startsWith("Vector API");
        // TornadoVM is either not built in or its runtime is not in this test JVM: the list says which
        assertThat(backend.path("passed_over").get(0).stringValue()).startsWith("tornadovm: ");
    }

    @Test
    void a_greedy_completion_returns_the_requested_number_of_tokens_and_counts_them() {
        Completion completion = openai.completions().create(CompletionCreateParams.builder().model(LLAMA).prompt("Hello, world")
                .maxTokens(8).temperature(0.0).seed(7L).build());

        CompletionChoice choice = completion.choices().getFirst();
        assertThat(completion.model()).isEqualTo(LLAMA);
        assertThat(choice.finishReason()).isIn(CompletionChoice.FinishReason.LENGTH, CompletionChoice.FinishReason.STOP);
        var usage = completion.usage().orElseThrow();
        assertThat(usage.promptTokens()).isPositive();
        assertThat(usage.completionTokens()).isBetween(1L, 8L);
        assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
        if (choice.finishReason().equals(CompletionChoice.FinishReason.LENGTH)) {
            assertThat(usage.completionTokens()).isEqualTo(8);
        }
    }

    @Test
    void a_streamed_completion_carries_the_same_text_as_the_whole_one() {
        var params = CompletionCreateParams.builder().model(LLAMA).prompt("Once upon a time").maxTokens(12).temperature(0.0).build();
        String whole = openai.completions().create(params).choices().getFirst().text();

        String streamed;
        try (var stream = openai.completions().createStreaming(params)) {
            streamed = stream.stream().flatMap(c -> c.choices().stream()).map(CompletionChoice::text).collect(Collectors.joining());
        }
        assertThat(streamed).isEqualTo(whole);
    }

    @Test
    void chat_answers_as_the_assistant_and_a_stream_assembles_the_same_message() {
        var params = ChatCompletionCreateParams.builder().model(LLAMA).addSystemMessage("You are terse.").addUserMessage("Say hi")
                .maxCompletionTokens(10).temperature(0.0).build();
        ChatCompletion chat = openai.chat().completions().create(params);
        var message = chat.choices().getFirst().message();
        assertThat(chat.usage().orElseThrow().completionTokens()).isBetween(1L, 10L);

        List<ChatCompletionChunk> chunks;
        try (var stream = openai.chat().completions().createStreaming(params)) {
            chunks = stream.stream().toList();
        }
        String streamed = chunks.stream().flatMap(c -> c.choices().stream()).map(c -> c.delta().content().orElse(""))
                .collect(Collectors.joining());
        assertThat(streamed).isEqualTo(message.content().orElse(""));
        assertThat(chunks.getLast().choices().getFirst().finishReason()).isPresent();
    }

    @Test
    void the_same_seed_samples_the_same_text() {
        var params = CompletionCreateParams.builder().model(LLAMA).prompt("Seeds").maxTokens(10).temperature(1.0).seed(42L).build();
        assertThat(openai.completions().create(params).choices().getFirst().text())
                .isEqualTo(openai.completions().create(params).choices().getFirst().text());
    }

    @Test
    void the_sdk_raises_its_own_errors_for_an_unknown_model_and_for_n_above_one() {
        assertThatThrownBy(() -> openai.completions().create(CompletionCreateParams.builder().model("no-such-model").prompt("x").build()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no-such-model");
        assertThatThrownBy(() -> openai.completions().create(CompletionCreateParams.builder().model(LLAMA).prompt("x").n(2).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("n=1");
    }
}
