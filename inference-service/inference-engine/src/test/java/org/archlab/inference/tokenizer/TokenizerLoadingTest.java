package org.archlab.inference.tokenizer;

import org.archlab.inference.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files without a usable tokenizer fail with the file and the key or field at fault. */
class TokenizerLoadingTest {

    @TempDir
    Path dir;

    @Test
    void a_gguf_without_tokenizer_metadata_names_the_file_and_the_missing_key() {
        Path file = new GgufMetadataFile().put("general.architecture", "llama").writeTo(dir.resolve("bare.gguf"));
        assertThatThrownBy(() -> Tokenizer.fromGguf(file))
                .isInstanceOf(TokenizerException.class)
                .hasMessageContaining("bare.gguf").hasMessageContaining("tokenizer.ggml.model is missing");
    }

    @Test
    void an_unknown_tokenizer_model_is_named_with_the_supported_ones() {
        Path file = new GgufMetadataFile().put("tokenizer.ggml.model", "rwkv")
                .put("tokenizer.ggml.tokens", List.of("a", "b")).writeTo(dir.resolve("rwkv.gguf"));
        assertThatThrownBy(() -> Tokenizer.fromGguf(file))
                .isInstanceOf(TokenizerException.class)
                .hasMessageContaining("rwkv.gguf").hasMessageContaining("tokenizer.ggml.model 'rwkv' is not supported")
                .hasMessageContaining("gpt2, llama");
    }

    @Test
    void an_unknown_pre_tokenizer_is_named_with_the_supported_ones() {
        Path file = new GgufMetadataFile().put("tokenizer.ggml.model", "gpt2").put("tokenizer.ggml.pre", "martian")
                .put("tokenizer.ggml.tokens", List.of("a", "b", "ab")).put("tokenizer.ggml.merges", List.of("a b"))
                .writeTo(dir.resolve("martian.gguf"));
        assertThatThrownBy(() -> Tokenizer.fromGguf(file))
                .isInstanceOf(TokenizerException.class)
                .hasMessageContaining("martian.gguf").hasMessageContaining("tokenizer.ggml.pre 'martian' is not supported")
                .hasMessageContaining("llama-bpe").hasMessageContaining("qwen2");
    }

    @Test
    void a_byte_pair_vocabulary_without_merges_names_the_key() {
        Path file = new GgufMetadataFile().put("tokenizer.ggml.model", "gpt2").put("tokenizer.ggml.pre", "gpt-2")
                .put("tokenizer.ggml.tokens", List.of("a", "b")).writeTo(dir.resolve("nomerges.gguf"));
        assertThatThrownBy(() -> Tokenizer.fromGguf(file))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("tokenizer.ggml.merges is missing");
    }

    @Test
    void a_file_that_is_not_gguf_names_the_file() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.gguf"), "not a gguf file at all");
        assertThatThrownBy(() -> Tokenizer.fromGguf(file))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("notes.gguf").hasMessageContaining("magic");
    }

    @Test
    void an_unsupported_hugging_face_model_names_the_field() throws IOException {
        Path file = Files.writeString(dir.resolve("tokenizer.json"),
                "{\"model\": {\"type\": \"Unigram\", \"vocab\": [[\"a\", 0.0]]}}");
        assertThatThrownBy(() -> Tokenizer.fromHuggingFace(dir))
                .isInstanceOf(TokenizerException.class)
                .hasMessageContaining("tokenizer.json").hasMessageContaining("model.type 'Unigram' is not supported");
    }

    @Test
    void an_unsupported_hugging_face_pre_tokenizer_names_its_path() throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), """
                {"pre_tokenizer": {"type": "Sequence", "pretokenizers": [{"type": "Whitespace"}]},
                 "model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2}, "merges": ["a b"]}}""");
        assertThatThrownBy(() -> Tokenizer.fromHuggingFace(dir))
                .isInstanceOf(TokenizerException.class)
                .hasMessageContaining("pre_tokenizer.pretokenizers[0].type 'Whitespace' is not supported");
    }

    @Test
    void a_missing_tokenizer_json_is_named() {
        assertThatThrownBy(() -> Tokenizer.fromHuggingFace(dir))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("tokenizer.json").hasMessageContaining("does not exist");
    }

    @Test
    void the_engine_fixtures_vocabulary_loads_and_round_trips_text() {
        Tokenizer tokenizer = Tokenizer.fromGguf(Fixtures.gguf("llama"));
        assertThat(tokenizer.vocabularySize()).isEqualTo(320);
        assertThat(tokenizer.bos()).hasValue(318);
        assertThat(tokenizer.eos()).hasValue(319);
        assertThat(tokenizer.isEndOfGeneration(319)).isTrue();
        String text = "Grüße, 世界! 🦙";
        assertThat(tokenizer.decode(tokenizer.encode(text, false, false))).isEqualTo(text);
    }
}
