package org.archlab.inference.tokenizer;

import org.archlab.testsupport.TestData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Special tokens written in text, and the tokens a vocabulary adds around a text on its own. */
class SpecialTokenTest {

    private static Tokenizer llama3() {
        return Tokenizer.fromHuggingFace(TestData.huggingFaceTokenizer("llama3"));
    }

    @Test
    void a_control_token_in_text_is_one_id_when_special_tokens_are_parsed() {
        Tokenizer llama3 = llama3();
        assertThat(llama3.encode("<|begin_of_text|>", false, true)).containsExactly(128000);
        assertThat(llama3.encode("<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>", false, true))
                .containsExactly(128006, 882, 128007, 271, 13347, 128009);
    }

    @Test
    void a_control_token_in_text_is_plain_text_when_special_tokens_are_not_parsed() {
        Tokenizer llama3 = llama3();
        int[] ids = llama3.encode("<|begin_of_text|>", false, false);
        assertThat(ids).hasSizeGreaterThan(1).doesNotContain(128000);
        assertThat(llama3.decode(ids)).isEqualTo("<|begin_of_text|>");
    }

    @Test
    void control_tokens_are_left_out_of_decoded_text_but_keep_their_written_form() {
        Tokenizer llama3 = llama3();
        int[] ids = llama3.encode("<|begin_of_text|>Hello<|eot_id|>", false, true);
        assertThat(llama3.decode(ids)).isEqualTo("Hello");
        assertThat(llama3.isControl(128009)).isTrue();
        assertThat(new String(llama3.tokenBytes(128009))).isEqualTo("<|eot_id|>");
        assertThat(llama3.tokenText(128009)).isEqualTo("<|eot_id|>");
    }

    @Test
    void a_sentencepiece_vocabulary_adds_bos_and_a_space_prefix_after_special_tokens() {
        Tokenizer phi3 = Tokenizer.fromGguf(ReferenceCases.gguf("phi-3"));
        int user = phi3.specialTokens().get("<|user|>");
        int[] ids = phi3.encode("<|user|>Hello", true, true);
        assertThat(ids[0]).isEqualTo(1);
        assertThat(ids[1]).isEqualTo(user);
        // After a special token SentencePiece starts a new segment: "Hello" gets its space prefix (▁Hello).
        assertThat(phi3.tokenText(ids[2])).isEqualTo("\u2581Hello");
        assertThat(phi3.encode("<|user|>", true, false)).doesNotContain(user);
    }

    @Test
    void bos_is_added_only_when_the_vocabulary_says_so() {
        Tokenizer llamaSpm = Tokenizer.fromGguf(ReferenceCases.gguf("llama-spm"));
        assertThat(llamaSpm.addsBos()).isTrue();
        assertThat(llamaSpm.encode("Hello", true, false)).startsWith(1).containsSubsequence(llamaSpm.encode("Hello", false, false));
        assertThat(llamaSpm.encode("", true, false)).containsExactly(1);

        Tokenizer deepseek = Tokenizer.fromGguf(ReferenceCases.gguf("deepseek-llm"));
        assertThat(deepseek.encode("Hello", true, false)).startsWith(100000);

        Tokenizer gpt2 = Tokenizer.fromGguf(ReferenceCases.gguf("gpt-2"));
        assertThat(gpt2.addsBos()).isFalse();
        assertThat(gpt2.encode("Hello", true, false)).containsExactly(gpt2.encode("Hello", false, false));
    }

    @Test
    void user_defined_tokens_are_matched_even_when_special_tokens_are_not_parsed() {
        Tokenizer mpt = Tokenizer.fromGguf(ReferenceCases.gguf("mpt"));
        // MPT's vocabulary has user-defined tokens for runs of spaces.
        assertThat(mpt.encode("a    b", false, false)).contains(mpt.specialTokens().get("    "));
    }

    @Test
    void the_chat_template_comes_from_the_gguf_when_present() {
        assertThat(Tokenizer.fromGguf(ReferenceCases.gguf("phi-3")).chatTemplate())
                .hasValueSatisfying(t -> assertThat(t).contains("<|user|>"));
        assertThat(Tokenizer.fromGguf(ReferenceCases.gguf("gpt-2")).chatTemplate()).isEmpty();
    }
}
