package org.archlab.inference.tokenizer;

import org.archlab.testsupport.TestData;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Llama 3 and Qwen3 tokenizer.json files against llama.cpp's reference ids for the same BPE
 * (llama-bpe and qwen2), and what their tokenizer_config.json adds: BOS/EOS, end of turn, chat template.
 */
class HuggingFaceTokenizerTest {

    private static final Map<String, String> REFERENCE_OF_MODEL = Map.of("llama3", "llama-bpe", "qwen3", "qwen2");

    private static Tokenizer load(String model) {
        return Tokenizer.fromHuggingFace(TestData.huggingFaceTokenizer(model));
    }

    @TestFactory
    Stream<DynamicContainer> each_reference_text_tokenizes_to_the_reference_ids_and_back() {
        return REFERENCE_OF_MODEL.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(entry -> {
            Tokenizer tokenizer = load(entry.getKey());
            return DynamicContainer.dynamicContainer(entry.getKey(), ReferenceCases.of(entry.getValue()).cases().stream().map(c ->
                    DynamicTest.dynamicTest(c.toString(), () -> {
                        int[] ids = tokenizer.encode(c.text(), false, false);
                        assertThat(ids).as(entry.getKey() + " " + c).containsExactly(c.ids());
                        assertThat(tokenizer.decode(ids)).isEqualTo(c.text());
                    })));
        });
    }

    @Test
    void llama3_names_its_bos_eos_and_ends_turns_at_eot() {
        Tokenizer llama3 = load("llama3");
        assertThat(llama3.vocabularySize()).isEqualTo(128256);
        assertThat(llama3.bos()).hasValue(128000);
        assertThat(llama3.eos()).hasValue(128001);
        assertThat(llama3.isEndOfGeneration(128001)).isTrue();
        assertThat(llama3.isEndOfGeneration(llama3.specialTokens().get("<|eot_id|>"))).isTrue();
        assertThat(llama3.isEndOfGeneration(llama3.specialTokens().get("<|start_header_id|>"))).isFalse();
        assertThat(llama3.chatTemplate()).hasValueSatisfying(t -> assertThat(t).contains("<|start_header_id|>"));
    }

    @Test
    void qwen3_has_no_bos_ends_at_im_end_and_keeps_think_as_text() {
        Tokenizer qwen3 = load("qwen3");
        assertThat(qwen3.bos()).isEmpty();
        assertThat(qwen3.eos()).hasValue(qwen3.specialTokens().get("<|im_end|>"));
        assertThat(qwen3.encode("hello", true, true)).containsExactly(qwen3.encode("hello", false, false));
        int think = qwen3.specialTokens().get("<think>");
        // <think> is an added token but not a special one: always matched whole, and part of the text.
        assertThat(qwen3.encode("<think>", false, false)).containsExactly(think);
        assertThat(qwen3.isControl(think)).isFalse();
        assertThat(qwen3.decode(new int[]{think})).isEqualTo("<think>");
    }

    @Test
    void qwen3_normalizes_to_nfc_before_splitting() {
        Tokenizer qwen3 = load("qwen3");
        assertThat(qwen3.encode("Cafe\u0301", false, false)).containsExactly(qwen3.encode("Caf\u00e9", false, false));
    }
}
