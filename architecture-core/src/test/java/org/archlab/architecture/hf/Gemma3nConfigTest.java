package org.archlab.architecture.hf;

import org.archlab.architecture.Reference;
import org.archlab.architecture.json.SpecJson;
import org.archlab.architecture.spec.Activation;
import org.archlab.architecture.spec.ActivationSparsity;
import org.archlab.architecture.spec.LowRankResidual;
import org.archlab.architecture.spec.Mixer;
import org.archlab.architecture.spec.NormPlacement;
import org.archlab.architecture.spec.PerLayerInputs;
import org.archlab.architecture.spec.QkNorm;
import org.archlab.architecture.spec.ResidualStreams;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Gemma 3n's config.json keys, read into the spec's knobs and refused where the spec cannot hold them. */
class Gemma3nConfigTest {

    private static ObjectNode config(String name) {
        return (ObjectNode) Reference.models().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow()
                .hfConfig().deepCopy();
    }

    @Test
    void the_e4b_text_config_maps_to_every_gemma_3n_knob() {
        var spec = HfConfigImporter.importConfig(config("gemma-3n-e4b"));
        assertThat(spec.family()).isEqualTo("gemma3n");
        assertThat(spec.perLayerInputs()).isEqualTo(new PerLayerInputs(256, 262_144));
        assertThat(spec.residualStreams()).isEqualTo(new ResidualStreams(4, 0, true));
        assertThat(spec.lowRankResidual()).isEqualTo(new LowRankResidual(64));
        assertThat(spec.activationSparsity()).isEqualTo(new ActivationSparsity(10, 0.95));
        assertThat(spec.schedule().kvSharedLayers()).isEqualTo(15);
        assertThat(spec.schedule().mixers()).containsExactly(Mixer.SLIDING, Mixer.SLIDING, Mixer.SLIDING, Mixer.SLIDING, Mixer.FULL);
        assertThat(spec.attention().queryScale()).isEqualTo(1.0);
        assertThat(spec.attention().normalizesValues()).isTrue();
        assertThat(spec.attention().qkNorm()).isEqualTo(QkNorm.PER_HEAD);
        assertThat(spec.attention().slidingWindow()).isEqualTo(512);
        assertThat(spec.norm().placement()).isEqualTo(NormPlacement.SANDWICH);
        assertThat(spec.norm().zeroCentered()).as("Gemma3nRMSNorm multiplies by weight, not 1 + weight").isFalse();
        assertThat(spec.embeddings().tied()).isTrue();
        assertThat(spec.embeddings().scaleBySqrtHidden()).isTrue();
        assertThat(spec.feedForward().activation()).isEqualTo(Activation.GEGLU);
        assertThat(spec.feedForward().intermediateSize()).isEqualTo(16_384);
        assertThat(spec.rope().theta()).isEqualTo(1e6);
        assertThat(spec.rope().localTheta()).isEqualTo(1e4);
        assertThat(spec.output().logitSoftcap()).isEqualTo(30.0);
        assertThat(spec.attention().logitSoftcap()).isNull();
    }

    @Test
    void the_multimodal_wrapper_is_read_from_its_text_config() {
        var wrapper = SpecJson.mapper().createObjectNode().put("model_type", "gemma3n");
        wrapper.set("text_config", config("gemma-3n-e2b"));
        assertThat(HfConfigImporter.importConfig(wrapper)).isEqualTo(HfConfigImporter.importConfig(config("gemma-3n-e2b")));
    }

    @Test
    void e2b_differs_from_e4b_only_in_depth_ffn_width_kv_sharing_and_how_many_layers_are_sparse() {
        var e4b = HfConfigImporter.importConfig(config("gemma-3n-e4b"));
        var e2b = HfConfigImporter.importConfig(config("gemma-3n-e2b"));
        assertThat(e2b.layers()).isEqualTo(30);
        assertThat(e2b.feedForward().intermediateSize()).isEqualTo(8192);
        assertThat(e2b.schedule().kvSharedLayers()).isEqualTo(10);
        assertThat(e2b.activationSparsity()).isEqualTo(e4b.activationSparsity());
        assertThat(e2b.attention()).isEqualTo(e4b.attention());
        assertThat(e2b.perLayerInputs()).isEqualTo(e4b.perLayerInputs());
    }

    @Test
    void a_single_intermediate_size_is_accepted_and_per_layer_widths_that_differ_are_refused_by_name() {
        var single = config("gemma-3n-e2b").put("intermediate_size", 8192);
        assertThat(HfConfigImporter.importConfig(single)).isEqualTo(HfConfigImporter.importConfig(config("gemma-3n-e2b")));
        var mixed = config("gemma-3n-e2b");
        ((tools.jackson.databind.node.ArrayNode) mixed.get("intermediate_size")).set(3, 16_384);
        assertThatThrownBy(() -> HfConfigImporter.importConfig(mixed)).isInstanceOf(HfConfigException.class)
                .extracting(e -> ((HfConfigException) e).key()).isEqualTo("intermediate_size");
    }

    @Test
    void a_sparsity_pattern_that_is_not_leading_layers_at_one_share_is_refused_by_name() {
        var gap = config("gemma-3n-e2b");
        ((tools.jackson.databind.node.ArrayNode) gap.get("activation_sparsity_pattern")).set(20, 0.95);
        var two = config("gemma-3n-e2b");
        ((tools.jackson.databind.node.ArrayNode) two.get("activation_sparsity_pattern")).set(3, 0.9);
        var short_ = config("gemma-3n-e2b");
        ((tools.jackson.databind.node.ArrayNode) short_.get("activation_sparsity_pattern")).remove(0);
        for (ObjectNode bad : List.of(gap, two, short_)) {
            assertThatThrownBy(() -> HfConfigImporter.importConfig(bad)).isInstanceOf(HfConfigException.class)
                    .extracting(e -> ((HfConfigException) e).key()).isEqualTo("activation_sparsity_pattern");
        }
    }

    @Test
    void an_all_dense_pattern_and_no_kv_sharing_leave_those_knobs_unset() {
        var dense = config("gemma-3n-e2b").put("num_kv_shared_layers", 0);
        var zeros = dense.putArray("activation_sparsity_pattern");
        for (int i = 0; i < 30; i++) {
            zeros.add(0.0);
        }
        var spec = HfConfigImporter.importConfig(dense);
        assertThat(spec.activationSparsity()).isNull();
        assertThat(spec.schedule().kvSharedLayers()).isNull();
        assertThat(HfConfigImporter.importConfig(HfConfigExporter.export(spec))).isEqualTo(spec);
    }

    @Test
    void the_export_writes_gemma_3n_keys_as_its_config_does() {
        var exported = HfConfigExporter.export(HfConfigImporter.importConfig(config("gemma-3n-e4b")));
        var original = config("gemma-3n-e4b");
        for (String key : List.of("model_type", "num_kv_shared_layers", "hidden_size_per_layer_input", "vocab_size_per_layer_input",
                "altup_num_inputs", "altup_active_idx", "altup_correct_scale", "laurel_rank", "activation_sparsity_pattern",
                "intermediate_size", "layer_types", "hidden_activation", "sliding_window", "final_logit_softcapping")) {
            assertThat(exported.get(key)).as(key).isEqualTo(original.get(key));
        }
    }
}
