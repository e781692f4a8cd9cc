package org.archlab.architecture.validation;

import org.archlab.architecture.Catalog;
import org.archlab.architecture.Reference;
import org.archlab.architecture.hf.HfConfigImporter;
import org.archlab.architecture.json.SpecJson;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpecValidatorTest {

    @Test
    void every_catalog_spec_is_valid() {
        Reference.models().forEach(m -> assertThat(SpecValidator.violations(HfConfigImporter.importConfig(m.hfConfig())))
                .as(m.name()).isEmpty());
    }

    @Test
    void heads_not_divisible_by_kv_heads_name_kv_heads() {
        assertThat(violations("qwen3-0.6b", s -> ((ObjectNode) s.get("attention")).put("kvHeads", 5)))
                .extracting(Violation::field).containsExactly("attention.kvHeads");
    }

    @Test
    void top_k_larger_than_the_number_of_experts_names_top_k() {
        assertThat(violations("qwen3-30b-a3b", s -> ((ObjectNode) s.get("moe")).put("topK", 129)))
                .extracting(Violation::field).containsExactly("moe.topK");
    }

    @Test
    void a_window_of_zero_is_refused() {
        assertThat(violations("gemma-3-27b", s -> ((ObjectNode) s.get("attention")).put("slidingWindow", 0)))
                .extracting(Violation::field).containsExactly("attention.slidingWindow");
    }

    @Test
    void sliding_layers_without_a_window_are_refused() {
        assertThat(violations("gemma-3-27b", s -> ((ObjectNode) s.get("attention")).remove("slidingWindow")))
                .extracting(Violation::field).containsExactly("attention.slidingWindow");
    }

    @Test
    void negative_and_absurd_sizes_are_refused_before_they_can_overflow() {
        assertThat(violations("qwen3-0.6b", s -> s.put("hiddenSize", -1))).extracting(Violation::field).contains("hiddenSize");
        assertThat(violations("qwen3-0.6b", s -> s.put("vocabSize", Integer.MAX_VALUE))).extracting(Violation::field)
                .containsExactly("vocabSize");
        assertThat(violations("qwen3-0.6b", s -> s.put("layers", 100_000))).extracting(Violation::field).containsExactly("layers");
    }

    @Test
    void a_pattern_longer_than_the_model_is_refused() {
        assertThat(violations("gpt2-124m", s -> s.put("layers", 1).set("schedule", SpecJson.mapper().readTree(
                "{\"mixers\":[\"FULL\",\"FULL\"],\"rope\":[false],\"ffn\":[\"DENSE\"],\"leadingDenseLayers\":0}"))))
                .extracting(Violation::field).containsExactly("schedule.mixers");
    }

    @Test
    void moe_layers_without_moe_settings_are_refused() {
        assertThat(violations("qwen3-30b-a3b", s -> s.remove("moe"))).extracting(Violation::field).containsExactly("moe");
    }

    @Test
    void require_valid_reports_every_violation_at_once() {
        var spec = mutate("qwen3-0.6b", s -> {
            s.put("hiddenSize", 0);
            ((ObjectNode) s.get("attention")).put("kvHeads", 3);
        });
        assertThatThrownBy(() -> SpecValidator.requireValid(spec))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("hiddenSize").hasMessageContaining("attention.kvHeads");
    }

    @Test
    void per_layer_inputs_need_a_width_and_no_more_rows_than_the_vocabulary() {
        assertThat(violations("gemma-3n-e4b", s -> ((ObjectNode) s.get("perLayerInputs")).put("width", 0)))
                .extracting(Violation::field).containsExactly("perLayerInputs.width");
        assertThat(violations("gemma-3n-e4b", s -> ((ObjectNode) s.get("perLayerInputs")).put("vocabSize", 262_401)))
                .extracting(Violation::field).containsExactly("perLayerInputs.vocabSize");
        assertThat(violations("gemma-3n-e4b", s -> ((ObjectNode) s.get("perLayerInputs")).put("vocabSize", 0)))
                .extracting(Violation::field).containsExactly("perLayerInputs.vocabSize");
    }

    @Test
    void residual_streams_need_two_and_an_active_one_among_them() {
        assertThat(violations("gemma-3n-e4b", s -> ((ObjectNode) s.get("residualStreams")).put("streams", 1)))
                .extracting(Violation::field).contains("residualStreams.streams");
        assertThat(violations("gemma-3n-e4b", s -> ((ObjectNode) s.get("residualStreams")).put("activeStream", 4)))
                .extracting(Violation::field).containsExactly("residualStreams.activeStream");
        assertThat(violations("gemma-3n-e4b", s -> ((ObjectNode) s.get("residualStreams")).put("activeStream", -1)))
                .extracting(Violation::field).containsExactly("residualStreams.activeStream");
    }

    @Test
    void a_low_rank_residual_needs_a_rank() {
        assertThat(violations("gemma-3n-e4b", s -> ((ObjectNode) s.get("lowRankResidual")).put("rank", 0)))
                .extracting(Violation::field).containsExactly("lowRankResidual.rank");
    }

    @Test
    void activation_sparsity_needs_layers_of_the_model_and_a_share_strictly_between_0_and_1() {
        assertThat(violations("gemma-3n-e4b", s -> ((ObjectNode) s.get("activationSparsity")).put("layers", 0)))
                .extracting(Violation::field).containsExactly("activationSparsity.layers");
        assertThat(violations("gemma-3n-e4b", s -> ((ObjectNode) s.get("activationSparsity")).put("layers", 36)))
                .extracting(Violation::field).containsExactly("activationSparsity.layers");
        assertThat(violations("gemma-3n-e4b", s -> ((ObjectNode) s.get("activationSparsity")).put("sparsity", 1.0)))
                .extracting(Violation::field).containsExactly("activationSparsity.sparsity");
        assertThat(violations("gemma-3n-e4b", s -> ((ObjectNode) s.get("activationSparsity")).put("sparsity", 0.0)))
                .extracting(Violation::field).containsExactly("activationSparsity.sparsity");
    }

    @Test
    void activation_sparsity_needs_a_gate_to_cut() {
        assertThat(violations("gemma-3n-e4b", s -> ((ObjectNode) s.get("feedForward")).put("activation", "GELU")))
                .extracting(Violation::field).containsExactly("activationSparsity");
    }

    @Test
    void activation_sparsity_is_refused_on_mixture_of_experts_layers() {
        assertThat(violations("qwen3-30b-a3b", s -> s.set("activationSparsity",
                SpecJson.mapper().createObjectNode().put("layers", 2).put("sparsity", 0.95))))
                .extracting(Violation::field).containsExactly("activationSparsity.layers");
    }

    @Test
    void kv_shared_layers_must_leave_at_least_one_layer_with_a_cache() {
        assertThat(violations("gemma-3n-e4b", s -> ((ObjectNode) s.get("schedule")).put("kvSharedLayers", 35)))
                .extracting(Violation::field).containsExactly("schedule.kvSharedLayers");
        assertThat(violations("gemma-3n-e4b", s -> ((ObjectNode) s.get("schedule")).put("kvSharedLayers", -1)))
                .extracting(Violation::field).containsExactly("schedule.kvSharedLayers");
    }

    @Test
    void a_kv_shared_layer_without_an_earlier_layer_of_its_mixer_is_refused() {
        // 35 layers, full every 5th: with 31 shared only layers 0-3 keep caches, all sliding; layer 34 (full) has no source.
        assertThat(violations("gemma-3n-e4b", s -> ((ObjectNode) s.get("schedule")).put("kvSharedLayers", 31)))
                .singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("schedule.kvSharedLayers");
                    assertThat(v.message()).contains("FULL");
                });
    }

    @Test
    void linear_layers_cannot_share_a_kv_cache() {
        assertThat(violations("qwen3-next-80b-a3b", s -> ((ObjectNode) s.get("schedule")).put("kvSharedLayers", 8)))
                .singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("schedule.kvSharedLayers");
                    assertThat(v.message()).contains("LINEAR");
                });
    }

    @Test
    void kv_sharing_and_value_norm_are_refused_with_latent_attention() {
        assertThat(violations("deepseek-v3", s -> ((ObjectNode) s.get("schedule")).put("kvSharedLayers", 4)))
                .extracting(Violation::field).containsExactly("schedule.kvSharedLayers");
        assertThat(violations("deepseek-v3", s -> ((ObjectNode) s.get("attention")).put("valueNorm", true)))
                .extracting(Violation::field).containsExactly("attention.valueNorm");
    }

    private static java.util.List<Violation> violations(String catalogName, Consumer<ObjectNode> change) {
        return SpecValidator.violations(mutate(catalogName, change));
    }

    private static ArchitectureSpec mutate(String catalogName, Consumer<ObjectNode> change) {
        ObjectNode tree = (ObjectNode) SpecJson.tree(Catalog.spec(catalogName));
        change.accept(tree);
        return SpecJson.read(tree);
    }
}
