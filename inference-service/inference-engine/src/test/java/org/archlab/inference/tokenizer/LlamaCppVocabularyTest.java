package org.archlab.inference.tokenizer;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every vocabulary GGUF that llama.cpp tests its tokenizer with, tokenized with its test texts: without BOS/EOS
 * and with special tokens as plain text, the ids must be exactly llama.cpp's (which are Hugging Face's).
 */
class LlamaCppVocabularyTest {

    private static final List<String> VOCABULARIES = List.of("gpt-2", "llama-spm", "deepseek-llm", "deepseek-coder",
            "phi-3", "starcoder", "falcon", "mpt", "refact", "bert-bge");

    /** WordPiece lowercases and drops accents and control characters, so its text cannot come back. */
    private static final List<String> LOSSY = List.of("bert-bge");

    @TestFactory
    Stream<DynamicContainer> each_reference_text_tokenizes_to_llama_cpp_ids() {
        return VOCABULARIES.stream().map(name -> {
            Tokenizer tokenizer = Tokenizer.fromGguf(ReferenceCases.gguf(name));
            return DynamicContainer.dynamicContainer(name, ReferenceCases.of(name).cases().stream().map(c ->
                    DynamicTest.dynamicTest(c.toString(), () ->
                            assertThat(tokenizer.encode(c.text(), false, false)).as(name + " " + c).containsExactly(c.ids()))));
        });
    }

    @TestFactory
    Stream<DynamicContainer> each_reference_text_decodes_back_from_its_ids() {
        return VOCABULARIES.stream().filter(name -> !LOSSY.contains(name)).map(name -> {
            Tokenizer tokenizer = Tokenizer.fromGguf(ReferenceCases.gguf(name));
            return DynamicContainer.dynamicContainer(name, ReferenceCases.of(name).cases().stream().map(c ->
                    DynamicTest.dynamicTest(c.toString(), () ->
                            assertThat(tokenizer.decode(tokenizer.encode(c.text(), false, false))).isEqualTo(c.text()))));
        });
    }
}
