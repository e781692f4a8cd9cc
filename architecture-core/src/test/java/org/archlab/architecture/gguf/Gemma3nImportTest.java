package org.archlab.architecture.gguf;

import org.archlab.architecture.Reference;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.LayerPlan;
import org.archlab.architecture.spec.Mixer;
import org.archlab.architecture.spec.QkNorm;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Gemma 3n's spec is what llama.cpp computes from the file: the keys llama.cpp reads, sizes from tensor shapes, and
 * llama.cpp's hard-coded constants; a key that contradicts a constant is refused by name.
 */
class Gemma3nImportTest {

    private static GgufHeader fixture() throws IOException {
        try (var in = Files.newInputStream(Reference.fixture("gemma3n.gguf"))) {
            return GgufHeaderReader.read(in);
        }
    }

    private static GgufHeader with(GgufHeader header, String key, Object value) {
        Map<String, Object> metadata = new LinkedHashMap<>(header.metadata());
        if (value == null) {
            metadata.remove(key);
        } else {
            metadata.put(key, value);
        }
        return new GgufHeader(header.version(), metadata, header.tensors(), header.headerBytes(), header.dataOffset());
    }

    @Test
    void the_fixture_imports_with_every_gemma_3n_mechanism() throws IOException {
        ArchitectureSpec spec = GgufSpecImporter.importHeader(fixture());

        assertThat(spec.family()).isEqualTo("gemma3n");
        assertThat(spec.vocabSize()).isEqualTo(264);
        assertThat(spec.layers()).isEqualTo(22);
        assertThat(spec.perLayerInputs().width()).isEqualTo(256);
        assertThat(spec.perLayerInputs().vocabSize()).isEqualTo(264);
        assertThat(spec.residualStreams().streams()).isEqualTo(4);
        assertThat(spec.residualStreams().activeStream()).isZero();
        assertThat(spec.residualStreams().scaledCorrection()).isTrue();
        assertThat(spec.lowRankResidual().rank()).isEqualTo(64);
        assertThat(spec.activationSparsity().layers()).isEqualTo(10);
        assertThat(spec.activationSparsity().sparsity()).isEqualTo(0.95);
        assertThat(spec.attention().queryScale()).isEqualTo(1.0);
        assertThat(spec.attention().normalizesValues()).isTrue();
        assertThat(spec.attention().qkNorm()).isEqualTo(QkNorm.PER_HEAD);
        assertThat(spec.attention().slidingWindow()).isEqualTo(8);
        assertThat(spec.rope().localTheta()).isEqualTo(1e4);
        assertThat(spec.rope().theta()).isEqualTo(1e6);
        assertThat(spec.output().logitSoftcap()).isEqualTo(30.0);
        assertThat(spec.embeddings().scaleBySqrtHidden()).isTrue();
        assertThat(spec.embeddings().tied()).isTrue();
        List<LayerPlan> plans = spec.layerPlans();
        assertThat(plans.stream().filter(p -> p.mixer() == Mixer.FULL).map(LayerPlan::index)).containsExactly(4, 9, 14, 19);
        assertThat(plans.get(20).kvSharedFrom()).isEqualTo(18);
        assertThat(plans.get(21).kvSharedFrom()).isEqualTo(18);
        assertThat(plans.get(19).ownsCache()).isTrue();
        assertThat(plans.get(9).gateSparsity()).isEqualTo(0.95);
        assertThat(plans.get(10).gateSparsity()).isNull();
    }

    @Test
    void without_the_keys_llama_cpp_ignores_the_spec_is_the_same() throws IOException {
        GgufHeader header = fixture();
        for (String key : List.of("altup.num_inputs", "altup.active_idx", "embedding_length_per_layer_input",
                "attention.shared_kv_layers", "activation_sparsity_scale", "final_logit_softcapping",
                "attention.sliding_window_pattern", "vocab_size")) {
            header = with(header, "gemma3n." + key, null);
        }
        assertThat(GgufSpecImporter.importHeader(header)).isEqualTo(GgufSpecImporter.importHeader(fixture()));
    }

    @Test
    void sparsity_cutoffs_written_as_doubles_say_the_same() throws IOException {
        double[] cutoffs = new double[22];
        Arrays.fill(cutoffs, 0, 10, 1.6448536269514722);
        Arrays.fill(cutoffs, 10, 22, Double.NEGATIVE_INFINITY);
        GgufHeader header = with(fixture(), "gemma3n.activation_sparsity_scale", cutoffs);
        assertThat(GgufSpecImporter.importHeader(header)).isEqualTo(GgufSpecImporter.importHeader(fixture()));
    }

    @Test
    void a_scalar_window_period_is_honoured_as_llama_cpp_does() throws IOException {
        GgufHeader header = with(with(fixture(), "gemma3n.attention.sliding_window_pattern", 3L),
                "gemma3n.attention.shared_kv_layers", null);
        // Period 3 makes layer 19 sliding: llama.cpp's KV sharing (18 sliding, 19 full) no longer fits.
        assertThatThrownBy(() -> GgufSpecImporter.importHeader(header))
                .isInstanceOf(GgufFormatException.class).hasMessageContaining("gemma3n.attention.sliding_window_pattern");
        GgufHeader fewer = with(with(with(header, "gemma3n.block_count", 20L), "gemma3n.activation_sparsity_scale", null),
                "gemma3n.feed_forward_length", 64L);
        var plans = GgufSpecImporter.importHeader(fewer).layerPlans();
        assertThat(plans.stream().filter(p -> p.mixer() == Mixer.FULL).map(LayerPlan::index)).containsExactly(2, 5, 8, 11, 14, 17);
        assertThat(plans).allMatch(LayerPlan::ownsCache);
    }

    @Test
    void keys_that_contradict_llama_cpps_constants_are_refused_by_name() throws IOException {
        GgufHeader header = fixture();
        boolean[] otherPattern = new boolean[22];
        Arrays.fill(otherPattern, true);
        double[] otherCutoffs = new double[22];
        Arrays.fill(otherCutoffs, 1.6448533535003662);
        Map<String, Object> contradictions = Map.of(
                "gemma3n.attention.shared_kv_layers", 3L,
                "gemma3n.altup.active_idx", 1L,
                "gemma3n.altup.num_inputs", 2L,
                "gemma3n.embedding_length_per_layer_input", 128L,
                "gemma3n.final_logit_softcapping", 50.0,
                "gemma3n.attention.sliding_window_pattern", otherPattern,
                "gemma3n.activation_sparsity_scale", otherCutoffs,
                "gemma3n.vocab_size", 300L);
        for (var contradiction : contradictions.entrySet()) {
            GgufHeader changed = with(header, contradiction.getKey(), contradiction.getValue());
            assertThatThrownBy(() -> GgufSpecImporter.importHeader(changed)).as(contradiction.getKey())
                    .isInstanceOf(GgufFormatException.class)
                    .hasMessageContaining(contradiction.getKey())
                    .hasMessageContaining("llama.cpp");
        }
    }
}
