package org.archlab.inference.tokenizer;

import org.archlab.testsupport.TestData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Inputs that make naive tokenizers quadratic (one huge word, one huge whitespace run, a long run of digits
 * or punctuation) finish in well under the limit; rescanning a 200,000-symbol word after every merge would not.
 */
class LongInputTest {

    private static final String[] INPUTS = {"a".repeat(200_000), " ".repeat(200_000) + "a", "7".repeat(200_000),
            "!?".repeat(100_000), "\u4E16\u754C".repeat(100_000)};

    @ParameterizedTest
    @ValueSource(strings = {"llama3", "qwen3", "gpt-2", "llama-spm", "deepseek-llm", "bert-bge"})
    void pathological_inputs_tokenize_in_near_linear_time(String name) {
        Tokenizer tokenizer = name.equals("llama3") || name.equals("qwen3")
                ? Tokenizer.fromHuggingFace(TestData.huggingFaceTokenizer(name)) : Tokenizer.fromGguf(ReferenceCases.gguf(name));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (String input : INPUTS) {
                assertThat(tokenizer.encode(input, false, false)).isNotEmpty();
            }
        });
    }
}
