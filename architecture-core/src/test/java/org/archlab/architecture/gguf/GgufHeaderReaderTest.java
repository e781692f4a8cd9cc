package org.archlab.architecture.gguf;

import org.archlab.architecture.Reference;
import org.archlab.testsupport.HostileGguf;
import org.archlab.testsupport.ThreadAllocation;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GgufHeaderReaderTest {

    @Test
    void reads_metadata_and_tensor_descriptions_of_a_fixture() throws IOException {
        GgufHeader header = read(Files.readAllBytes(Reference.fixture("llama.gguf")));
        assertThat(header.version()).isEqualTo(3);
        assertThat(header.architecture()).isEqualTo("llama");
        assertThat(header.integer("llama.block_count")).contains(3L);
        assertThat(header.tensors()).hasSize(31);
        assertThat(header.tensor("blk.0.attn_k.weight").orElseThrow().dims()).containsExactly(64, 32);
        assertThat(header.dataOffset() % 32).isZero();
        assertThat((java.util.List<?>) header.metadata().get("tokenizer.ggml.tokens")).hasSize(320);
    }

    @Test
    void a_file_that_is_not_gguf_is_refused_by_its_magic() {
        assertThatThrownBy(() -> read("PK\u0003\u0004 not gguf at all".getBytes()))
                .isInstanceOf(GgufFormatException.class).hasMessageContaining("magic");
    }

    @Test
    void a_truncated_header_says_where_it_ends() throws IOException {
        byte[] whole = Files.readAllBytes(Reference.fixture("llama.gguf"));
        assertThatThrownBy(() -> read(Arrays.copyOf(whole, 2000)))
                .isInstanceOf(GgufFormatException.class).hasMessageContaining("truncated");
    }

    @Test
    void an_absurd_tensor_count_is_refused_before_anything_is_allocated() {
        byte[] bytes = prefix(3, Long.MAX_VALUE, 0);
        assertThatThrownBy(() -> read(bytes)).isInstanceOf(GgufFormatException.class).hasMessageContaining("tensor count");
    }

    @Test
    void an_absurd_string_length_is_refused() {
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        b.put(prefix(3, 0, 1)).putLong(1L << 40);
        assertThatThrownBy(() -> read(b.array())).isInstanceOf(GgufFormatException.class).hasMessageContaining("string length");
    }

    @Test
    void an_unsupported_version_is_refused() {
        assertThatThrownBy(() -> read(prefix(7, 0, 0))).isInstanceOf(GgufFormatException.class).hasMessageContaining("version 7");
    }

    @Test
    void a_header_that_costs_more_than_its_budget_is_refused_naming_the_part() throws IOException {
        byte[] whole = Files.readAllBytes(Reference.fixture("llama.gguf"));
        var limits = new GgufHeaderReader.Limits(16 << 10);
        assertThatThrownBy(() -> GgufHeaderReader.read(new ByteArrayInputStream(whole), limits))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("tokenizer.ggml.tokens").hasMessageContaining("header's budget of 16384")
                .extracting(e -> ((GgufFormatException) e).part()).isEqualTo(java.util.Optional.of("tokenizer.ggml.tokens"));
    }

    @Test
    void an_array_declaring_sixteen_million_elements_in_a_117_byte_upload_is_refused_before_it_is_allocated() {
        byte[] upload = HostileGguf.sixteenMillionElementArray();
        assertThat(upload).hasSize(117);
        assertThatThrownBy(() -> read(upload))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("array tokenizer.ggml.token_type: 16777216 elements declared")
                .hasMessageContaining("budget of " + (64 << 20));
    }

    @Test
    void an_array_longer_than_the_rest_of_its_file_is_refused_before_it_is_allocated() {
        byte[] upload = HostileGguf.sixteenMillionElementArray();
        var limits = new GgufHeaderReader.Limits(1L << 30);
        assertThatThrownBy(() -> GgufHeaderReader.read(new ByteArrayInputStream(upload), upload.length, limits))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("16777216 elements declared, needing at least 67108864 bytes, but only 44 bytes of the file remain");
    }

    @Test
    void an_upload_that_ends_before_its_declared_array_costs_what_arrived_not_what_was_declared() {
        byte[] upload = HostileGguf.sixteenMillionElementArray();
        var limits = new GgufHeaderReader.Limits(1L << 30);
        long allocated = ThreadAllocation.during(() -> assertThatThrownBy(() -> GgufHeaderReader.read(new ByteArrayInputStream(upload), limits))
                .isInstanceOf(GgufFormatException.class).hasMessageContaining("truncated"));
        assertThat(allocated).isLessThan(1 << 20);
    }

    private static byte[] prefix(int version, long tensors, long metadata) {
        return ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN)
                .put("GGUF".getBytes()).putInt(version).putLong(tensors).putLong(metadata).array();
    }

    private static GgufHeader read(byte[] bytes) throws IOException {
        return GgufHeaderReader.read(new ByteArrayInputStream(bytes));
    }
}
