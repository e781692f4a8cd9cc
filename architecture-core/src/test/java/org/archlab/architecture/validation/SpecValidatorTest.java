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

    private static java.util.List<Violation> violations(String catalogName, Consumer<ObjectNode> change) {
        return SpecValidator.violations(mutate(catalogName, change));
    }

    private static ArchitectureSpec mutate(String catalogName, Consumer<ObjectNode> change) {
        ObjectNode tree = (ObjectNode) SpecJson.tree(Catalog.spec(catalogName));
        change.accept(tree);
        return SpecJson.read(tree);
    }
}
