package org.archlab.inference.tokenizer;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Token bytes that are not UTF-8 on their own, and text that streams out as tokens come. */
class DecodingTest {

    private static final String LLAMA = "\uD83E\uDD99"; // 🦙, four UTF-8 bytes

    @Test
    void pieces_that_split_a_character_concatenate_to_its_exact_bytes() {
        Tokenizer gpt2 = Tokenizer.fromGguf(ReferenceCases.gguf("gpt-2"));
        int[] ids = gpt2.encode(LLAMA, false, false);
        assertThat(ids).hasSizeGreaterThan(1);
        var bytes = new ByteArrayOutputStream();
        for (int id : ids) {
            byte[] piece = gpt2.tokenBytes(id);
            assertThat(new String(piece, StandardCharsets.UTF_8)).contains("\uFFFD");
            bytes.writeBytes(piece);
        }
        assertThat(bytes.toByteArray()).isEqualTo(LLAMA.getBytes(StandardCharsets.UTF_8));
        assertThat(gpt2.decode(ids)).isEqualTo(LLAMA);
    }

    @Test
    void sentencepiece_byte_tokens_concatenate_to_the_exact_bytes() {
        Tokenizer llamaSpm = Tokenizer.fromGguf(ReferenceCases.gguf("llama-spm"));
        int[] ids = llamaSpm.encode(LLAMA, false, false);
        // ▁ then the four <0xNN> byte tokens: no piece of the vocabulary holds this emoji.
        assertThat(ids).hasSize(5);
        assertThat(llamaSpm.tokenText(ids[1])).isEqualTo("<0xF0>");
        assertThat(llamaSpm.decode(ids)).isEqualTo(LLAMA);
    }

    @Test
    void a_stream_holds_back_a_character_until_its_last_byte_arrives() {
        Tokenizer gpt2 = Tokenizer.fromGguf(ReferenceCases.gguf("gpt-2"));
        String text = "Hi " + LLAMA + " 世界!";
        var stream = new TextStream(gpt2);
        List<String> chunks = new ArrayList<>();
        for (int id : gpt2.encode(text, false, false)) {
            chunks.add(stream.append(id));
        }
        chunks.add(stream.finish());
        assertThat(String.join("", chunks)).isEqualTo(text);
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk).doesNotContain("\uFFFD"));
        assertThat(chunks).contains("");
    }

    @Test
    void a_stream_skips_control_tokens_and_flushes_an_unfinished_character_as_replacement() {
        Tokenizer gpt2 = Tokenizer.fromGguf(ReferenceCases.gguf("gpt-2"));
        var stream = new TextStream(gpt2);
        int[] ids = gpt2.encode(LLAMA, false, false);
        assertThat(stream.append(50256)).isEmpty();
        assertThat(stream.append(ids[0])).isEmpty();
        assertThat(stream.finish()).isEqualTo("\uFFFD");
    }

    @Test
    void sentencepiece_decoding_drops_only_the_space_it_added() {
        Tokenizer llamaSpm = Tokenizer.fromGguf(ReferenceCases.gguf("llama-spm"));
        assertThat(llamaSpm.decode(llamaSpm.encode("Hello", false, false))).isEqualTo("Hello");
        assertThat(llamaSpm.decode(llamaSpm.encode("  Hello", false, false))).isEqualTo("  Hello");
        assertThat(llamaSpm.decode(llamaSpm.encode("Hello", true, false))).isEqualTo(" Hello");
        // A continuation keeps its leading space (▁world): the stream never strips.
        int world = llamaSpm.encode("world", false, false)[0];
        assertThat(new TextStream(llamaSpm).append(world)).isEqualTo(" world");
    }

    @Test
    void an_id_outside_the_vocabulary_is_refused_with_the_range() {
        Tokenizer gpt2 = Tokenizer.fromGguf(ReferenceCases.gguf("gpt-2"));
        assertThatThrownBy(() -> gpt2.decode(new int[]{50257}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("50257").hasMessageContaining("0..50256");
    }
}
