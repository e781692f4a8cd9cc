package org.archlab.inference.checkpoint;

import org.archlab.inference.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Damaged files fail with an exception naming the file, the tensor and what is wrong. */
class GgufCheckpointTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(LoadMode.class)
    void a_fixture_opens_in_either_mode_with_every_tensor_readable(LoadMode mode) {
        try (var checkpoint = GgufCheckpoint.open(Fixtures.gguf("llama_q8_0"), mode)) {
            var q = checkpoint.tensor("blk.0.attn_q.weight");
            assertThat(q.byteSize()).isEqualTo(64 / 32 * 34 * 64);
            assertThat(q.data().byteSize()).isEqualTo(q.byteSize());
            assertThat(checkpoint.dataBytes()).isPositive();
        }
    }

    @Test
    void wrong_magic_names_the_file() throws IOException {
        Path file = write("not-gguf.gguf", "definitely not a gguf file".getBytes());
        assertThatThrownBy(() -> GgufCheckpoint.open(file, LoadMode.MAPPED))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("not-gguf.gguf").hasMessageContaining("magic");
    }

    @Test
    void a_truncated_file_names_the_tensor_that_points_past_the_end() throws IOException {
        byte[] whole = Files.readAllBytes(Fixtures.gguf("llama"));
        Path file = write("truncated.gguf", Arrays.copyOf(whole, whole.length - 1000));
        assertThatThrownBy(() -> GgufCheckpoint.open(file, LoadMode.MAPPED))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("truncated.gguf").hasMessageContaining("blk.2.ffn_down.weight").hasMessageContaining("past the end");
    }

    @Test
    void an_unknown_tensor_type_names_the_tensor_and_the_type() throws IOException {
        byte[] bytes = Files.readAllBytes(Fixtures.gguf("llama"));
        patchFirstTensorType(bytes, 14);
        Path file = write("q6k.gguf", bytes);
        assertThatThrownBy(() -> GgufCheckpoint.open(file, LoadMode.MAPPED))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("token_embd.weight").hasMessageContaining("ggml type 14");
    }

    @Test
    void a_missing_tensor_is_named() {
        try (var checkpoint = GgufCheckpoint.open(Fixtures.gguf("qwen3"), LoadMode.MAPPED)) {
            assertThatThrownBy(() -> checkpoint.tensor("output.weight"))
                    .isInstanceOf(CheckpointException.class).hasMessageContaining("qwen3.gguf").hasMessageContaining("output.weight is missing");
        }
    }

    @Test
    void an_overflowing_tensor_size_is_refused_without_allocating() throws IOException {
        var header = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        header.put("GGUF".getBytes()).putInt(3).putLong(1).putLong(0);
        byte[] name = "huge.weight".getBytes();
        header.putLong(name.length).put(name).putInt(2).putLong(1L << 40).putLong(1L << 40).putInt(0).putLong(0);
        Path file = write("huge.gguf", Arrays.copyOf(header.array(), header.position() + 64));
        assertThatThrownBy(() -> GgufCheckpoint.open(file, LoadMode.MEMORY))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("huge.weight");
    }

    /** The first tensor description's type field: after the metadata, name, dims. */
    private static void patchFirstTensorType(byte[] bytes, int type) throws IOException {
        try (var in = new java.io.ByteArrayInputStream(bytes)) {
            var header = org.archlab.architecture.gguf.GgufHeaderReader.read(in);
            var first = header.tensors().getFirst();
            // locate "token_embd.weight" followed by its dims; the type follows the last dim
            byte[] name = first.name().getBytes();
            int at = indexOf(bytes, name) + name.length + 4 + 8 * first.dims().length;
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at, type);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = haystack.length - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("not found");
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }
}
