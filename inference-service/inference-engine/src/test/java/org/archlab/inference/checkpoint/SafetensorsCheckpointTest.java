package org.archlab.inference.checkpoint;

import org.archlab.architecture.analysis.TensorLayout;
import org.archlab.architecture.analysis.TensorShape;
import org.archlab.architecture.gguf.GgufSpecImporter;
import org.archlab.architecture.hf.HfConfigExporter;
import org.archlab.architecture.json.SpecJson;
import org.archlab.inference.Fixtures;
import org.archlab.inference.tensor.Dequantize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Hugging Face checkpoint's tensors are views of the mapped files, converted off-heap where the
 * conventions differ; a damaged checkpoint fails with an exception naming the file, the tensor and what
 * is wrong, before anything is allocated for it.
 */
class SafetensorsCheckpointTest {

    private static final String Q = "model.layers.0.self_attn.q_proj.weight";
    private static final String K = "model.layers.0.self_attn.k_proj.weight";

    @TempDir
    Path dir;

    @Test
    void in_mapped_mode_plain_weights_are_views_of_the_file() throws IOException {
        try (var checkpoint = SafetensorsCheckpoint.open(llama(), LoadMode.MAPPED)) {
            var q = checkpoint.tensor("blk.0.attn_q.weight");
            assertThat(q.name()).isEqualTo(Q);
            assertThat(q.dims()).containsExactly(64, 64);
            assertThat(q.data().isMapped()).isTrue();
            assertThat(checkpoint.spec().family()).isEqualTo("llama3");
        }
    }

    @Test
    void in_memory_mode_weights_are_copied_off_heap_never_onto_the_heap() throws IOException {
        try (var checkpoint = SafetensorsCheckpoint.open(llama(), LoadMode.MEMORY)) {
            var q = checkpoint.tensor("blk.0.attn_q.weight").data();
            assertThat(q.isNative()).isTrue();
            assertThat(q.isMapped()).isFalse();
            assertThat(q.heapBase()).isEmpty();
        }
    }

    @Test
    void a_safetensors_file_with_config_json_beside_it_opens_like_its_directory() throws IOException {
        try (var checkpoint = SafetensorsCheckpoint.open(llama().resolve("model.safetensors"), LoadMode.MAPPED)) {
            assertThat(checkpoint.dataBytes()).isEqualTo(Files.size(dir.resolve("model.safetensors")) - headerEnd(dir.resolve("model.safetensors")));
        }
    }

    @Test
    void gemma_norms_get_their_one_back_in_off_heap_memory() throws IOException {
        HfFixtureCheckpoint.write("gemma3", dir, 1);
        try (var checkpoint = SafetensorsCheckpoint.open(dir, LoadMode.MAPPED);
             var gguf = GgufCheckpoint.open(Fixtures.gguf("gemma3"), LoadMode.MAPPED)) {
            var norm = checkpoint.tensor("blk.0.post_ffw_norm.weight");
            assertThat(norm.data().isNative()).isTrue();
            assertThat(norm.data().isMapped()).isFalse();
            assertThat(Dequantize.all(norm)).containsExactly(Dequantize.all(gguf.tensor("blk.0.post_ffw_norm.weight")));
        }
    }

    @Test
    void gpt2_queries_keys_and_values_are_cut_from_the_transposed_fused_projection() throws IOException {
        HfFixtureCheckpoint.write("gpt2", dir, 1);
        try (var checkpoint = SafetensorsCheckpoint.open(dir, LoadMode.MAPPED);
             var gguf = GgufCheckpoint.open(Fixtures.gguf("gpt2"), LoadMode.MAPPED)) {
            float[] fused = Dequantize.all(gguf.tensor("blk.1.attn_qkv.weight"));
            float[] fusedBias = Dequantize.all(gguf.tensor("blk.1.attn_qkv.bias"));
            String[] parts = {"attn_q", "attn_k", "attn_v"};
            for (int part = 0; part < 3; part++) {
                var weight = checkpoint.tensor("blk.1." + parts[part] + ".weight");
                assertThat(weight.dims()).containsExactly(64, 64);
                assertThat(Dequantize.all(weight)).containsExactly(Arrays.copyOfRange(fused, part * 64 * 64, (part + 1) * 64 * 64));
                assertThat(Dequantize.all(checkpoint.tensor("blk.1." + parts[part] + ".bias")))
                        .containsExactly(Arrays.copyOfRange(fusedBias, part * 64, (part + 1) * 64));
            }
            assertThat(checkpoint.find("blk.1.attn_qkv.weight")).isEmpty();
        }
    }

    @Test
    void gemma3n_from_its_hugging_face_names_binds_every_tensor_of_the_gguf_file_value_for_value() throws IOException {
        HfFixtureCheckpoint.write("gemma3n", dir, 2);
        try (var checkpoint = SafetensorsCheckpoint.open(dir, LoadMode.MAPPED);
             var gguf = GgufCheckpoint.open(Fixtures.gguf("gemma3n"), LoadMode.MAPPED)) {
            var layout = TensorLayout.of(checkpoint.spec());
            assertThat(layout).extracting(TensorShape::name)
                    .contains("per_layer_token_embd.weight", "altup_proj.weight", "blk.21.altup_correct_scale.weight", "blk.0.laurel_r.weight");
            for (TensorShape shape : layout) {
                var loaded = checkpoint.tensor(shape.name());
                var expected = gguf.tensor(shape.name());
                assertThat(loaded.dims()).as(shape.name()).containsExactly(expected.dims());
                assertThat(loaded.type()).as(shape.name()).isEqualTo(expected.type());
                float[] got = Dequantize.all(loaded);
                float[] want = Dequantize.all(expected);
                int first = Arrays.mismatch(got, want);
                assertThat(first).as("%s: first differing value (of %d), %s", shape.name(), want.length,
                        first < 0 ? "" : (first < got.length ? got[first] : "none") + " instead of " + want[first]).isEqualTo(-1);
            }
            // Three per-stream matrices, from the multimodal checkpoint's model.language_model., assembled off-heap.
            var streams = checkpoint.tensor("altup_unembd_proj.weight");
            assertThat(streams.dims()).containsExactly(32, 32, 3);
            assertThat(streams.data().isMapped()).isFalse();
            assertThat(checkpoint.tensor("per_layer_token_embd.weight").name()).isEqualTo("model.language_model.embed_tokens_per_layer.weight");
        }
    }

    @Test
    void a_missing_stream_of_a_stacked_tensor_is_named() throws IOException {
        HfFixtureCheckpoint.write("gemma3n", dir, 1);
        Path file = dir.resolve("model.safetensors");
        editHeader(file, header -> header.remove("model.language_model.altup_projections.1.weight"));
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir, LoadMode.MAPPED))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("tensor model.altup_projections.1.weight (the engine's altup_proj.weight) is missing");
    }

    @ParameterizedTest
    @ValueSource(longs = {Long.MAX_VALUE, -1L, 1L << 40, 100_000_001L})
    void an_absurd_header_length_is_refused_before_anything_is_allocated(long length) throws IOException {
        Path file = llama().resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, length);
        Files.write(file, bytes);
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir, LoadMode.MEMORY))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("header length " + Long.toUnsignedString(length));
    }

    @Test
    void a_gguf_file_posing_as_safetensors_is_refused_by_its_header_length() throws IOException {
        llama();
        Files.copy(Fixtures.gguf("llama"), dir.resolve("model.safetensors"), StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir, LoadMode.MAPPED))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("not a safetensors file");
    }

    @Test
    void a_header_cut_short_by_the_end_of_the_file_is_reported_as_truncated() throws IOException {
        Path file = llama().resolve("model.safetensors");
        Files.write(file, Arrays.copyOf(Files.readAllBytes(file), 100));
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir, LoadMode.MAPPED))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("runs past the end of the file (100 bytes)");
    }

    @Test
    void a_header_that_is_not_json_is_named() throws IOException {
        llama();
        SafetensorsWriter.writeRaw(dir.resolve("model.safetensors"), "{\"" + Q + "\": {\"dtype\": \"F32\",", new byte[64]);
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir, LoadMode.MAPPED))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("not valid JSON");
    }

    @Test
    void truncated_data_names_the_tensor_that_points_past_the_end() throws IOException {
        Path file = llama().resolve("model.safetensors");
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length - 1000));
        long dataLeft = whole.length - 1000 - headerEnd(file);
        String cut = firstTensorEndingAfter(file, dataLeft);
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir, LoadMode.MAPPED))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("tensor " + cut + " ")
                .hasMessageContaining("points past the end of the file");
    }

    @Test
    void offsets_past_the_end_name_the_tensor() throws IOException {
        Path file = llama().resolve("model.safetensors");
        long dataBytes = Files.size(file) - headerEnd(file);
        editHeader(file, header -> offsets(header, Q, dataBytes, dataBytes + 64 * 64 * 4));
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir, LoadMode.MAPPED))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("tensor " + Q).hasMessageContaining("points past the end");
    }

    @Test
    void overlapping_tensors_are_named() throws IOException {
        Path file = llama().resolve("model.safetensors");
        editHeader(file, header -> {
            long qBegin = header.get(Q).get("data_offsets").get(0).longValue();
            offsets(header, K, qBegin + 4, qBegin + 4 + 32 * 64 * 4);
        });
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir, LoadMode.MAPPED))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining(Q).hasMessageContaining(K).hasMessageContaining("overlap");
    }

    @Test
    void a_shape_that_disagrees_with_the_bytes_is_named() throws IOException {
        Path file = llama().resolve("model.safetensors");
        editHeader(file, header -> shape(header, Q, 64, 65));
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir, LoadMode.MAPPED))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("tensor " + Q)
                .hasMessageContaining("shape [64, 65] of F32 needs 16640 bytes").hasMessageContaining("span 16384");
    }

    @Test
    void a_shape_whose_size_overflows_is_refused_without_allocating() throws IOException {
        Path file = llama().resolve("model.safetensors");
        editHeader(file, header -> shape(header, Q, 1L << 40, 1L << 40));
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir, LoadMode.MEMORY))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("tensor " + Q).hasMessageContaining("no valid size");
    }

    @Test
    void an_unknown_dtype_is_named() throws IOException {
        Path file = llama().resolve("model.safetensors");
        editHeader(file, header -> ((ObjectNode) header.get(Q)).put("dtype", "Q4_K"));
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir, LoadMode.MAPPED))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("tensor " + Q)
                .hasMessageContaining("dtype 'Q4_K', which is not a safetensors dtype");
    }

    @Test
    void a_dtype_the_engine_cannot_compute_with_is_named() throws IOException {
        Path file = llama().resolve("model.safetensors");
        editHeader(file, header -> {
            ((ObjectNode) header.get(Q)).put("dtype", "F8_E4M3");
            shape(header, Q, 64, 256);
        });
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir, LoadMode.MAPPED))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("tensor " + Q)
                .hasMessageContaining("dtype F8_E4M3, which this engine cannot compute with");
    }

    @Test
    void a_tensor_the_spec_needs_is_named_when_missing() throws IOException {
        Path file = llama().resolve("model.safetensors");
        editHeader(file, header -> header.remove("model.layers.1.mlp.up_proj.weight"));
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir, LoadMode.MAPPED))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model.safetensors")
                .hasMessageContaining("tensor model.layers.1.mlp.up_proj.weight (the engine's blk.1.ffn_up.weight) is missing");
    }

    @Test
    void a_tensor_whose_shape_disagrees_with_config_json_is_named() throws IOException {
        llama();
        ObjectNode config = (ObjectNode) SpecJson.mapper().readTree(dir.resolve("config.json").toFile());
        Files.writeString(dir.resolve("config.json"), config.put("intermediate_size", 96).toString());
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir, LoadMode.MAPPED))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("tensor model.layers.0.mlp.gate_proj.weight")
                .hasMessageContaining("has shape [128, 64] but config.json implies [96, 64]");
    }

    @Test
    void a_shard_missing_from_a_sharded_checkpoint_is_named() throws IOException {
        HfFixtureCheckpoint.write("llama", dir, 3);
        Files.delete(dir.resolve("model-00002-of-00003.safetensors"));
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir, LoadMode.MAPPED))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining(SafetensorsCheckpoint.INDEX).hasMessageContaining("shard model-00002-of-00003.safetensors")
                .hasMessageContaining("holds tensor model.layers.").hasMessageContaining("is missing");
    }

    @Test
    void a_tensor_the_index_places_in_a_shard_that_lacks_it_is_named() throws IOException {
        HfFixtureCheckpoint.write("llama", dir, 3);
        Path index = dir.resolve(SafetensorsCheckpoint.INDEX);
        ObjectNode json = (ObjectNode) SpecJson.mapper().readTree(index.toFile());
        String shard = json.get("weight_map").get(Q).stringValue();
        String other = shard.equals("model-00003-of-00003.safetensors") ? "model-00001-of-00003.safetensors" : "model-00003-of-00003.safetensors";
        ((ObjectNode) json.get("weight_map")).put(Q, other);
        Files.writeString(index, json.toString());
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir, LoadMode.MAPPED))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining(other).hasMessageContaining("tensor " + Q + " is missing");
    }

    @Test
    void an_index_cannot_send_the_loader_outside_the_checkpoint() throws IOException {
        HfFixtureCheckpoint.write("llama", dir, 2);
        Path index = dir.resolve(SafetensorsCheckpoint.INDEX);
        ObjectNode json = (ObjectNode) SpecJson.mapper().readTree(index.toFile());
        ((ObjectNode) json.get("weight_map")).put(Q, "../elsewhere.safetensors");
        Files.writeString(index, json.toString());
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir, LoadMode.MAPPED))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining(SafetensorsCheckpoint.INDEX).hasMessageContaining(Q).hasMessageContaining("not a file name");
    }

    @Test
    void a_missing_config_json_is_named() throws IOException {
        Files.delete(llama().resolve("config.json"));
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir, LoadMode.MAPPED))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("config.json").hasMessageContaining("is missing");
    }

    @Test
    void mixture_of_experts_weights_are_refused_naming_config_json_and_the_knob() throws IOException {
        llama();
        try (var qwen3moe = GgufCheckpoint.open(Fixtures.gguf("qwen3moe"), LoadMode.MAPPED)) {
            Files.writeString(dir.resolve("config.json"), HfConfigExporter.export(GgufSpecImporter.importHeader(qwen3moe.header())).toString());
        }
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir, LoadMode.MAPPED))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("config.json").hasMessageContaining("describes mixture-of-experts layers")
                .hasMessageContaining("not read from safetensors").hasMessageNotContaining("qwen3");
    }

    private Path llama() throws IOException {
        return HfFixtureCheckpoint.write("llama", dir, 1);
    }

    private static long headerEnd(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return 8 + ByteBuffer.wrap(in.readNBytes(8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
        }
    }

    private static String firstTensorEndingAfter(Path file, long dataBytes) throws IOException {
        for (var entry : SafetensorsWriter.header(file).properties()) {
            var offsets = entry.getValue().get("data_offsets");
            if (offsets != null && offsets.get(1).longValue() > dataBytes) {
                return entry.getKey();
            }
        }
        throw new IllegalStateException("nothing was cut");
    }

    private interface HeaderEdit {
        void apply(ObjectNode header);
    }

    private static void editHeader(Path file, HeaderEdit edit) throws IOException {
        ObjectNode header = SafetensorsWriter.header(file);
        edit.apply(header);
        SafetensorsWriter.rewriteHeader(file, header);
    }

    private static void offsets(ObjectNode header, String tensor, long begin, long end) {
        ((ObjectNode) header.get(tensor)).putArray("data_offsets").add(begin).add(end);
    }

    private static void shape(ObjectNode header, String tensor, long... dims) {
        var shape = ((ObjectNode) header.get(tensor)).putArray("shape");
        for (long d : dims) {
            shape.add(d);
        }
    }
}
