package org.archlab.inference.checkpoint;

import org.archlab.architecture.gguf.GgufSpecImporter;
import org.archlab.architecture.json.SpecJson;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.inference.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Hugging Face naming scheme and what the engine refuses follow from the spec's knobs: a spec whose family
 * no code has heard of gets the names of the model its knobs describe.
 */
class HfTensorNamesTest {

    private static final String UNHEARD_OF = "a-family-nobody-has-heard-of";

    @ParameterizedTest(name = "{0}: {1} is {2}")
    @CsvSource({
            "llama, blk.0.ffn_norm.weight, model.layers.0.post_attention_layernorm.weight",
            "gemma3, blk.0.ffn_norm.weight, model.layers.0.pre_feedforward_layernorm.weight",
            "gemma3n, blk.3.altup_correct_scale.weight, model.layers.3.altup.correct_output_scale",
            "gemma3n, altup_proj.weight, model.altup_projections.{i}.weight",
            "olmo2, blk.0.post_ffw_norm.weight, model.layers.0.post_feedforward_layernorm.weight",
            "gpt2, blk.0.attn_q.weight, transformer.h.0.attn.c_attn.weight",
            "gpt2, position_embd.weight, transformer.wpe.weight"})
    void the_scheme_follows_the_knobs_whatever_the_family_is_called(String fixture, String engineName, String hfName) {
        ArchitectureSpec spec = renamed(fixtureSpec(fixture));
        assertThat(HfTensorNames.unsupported(spec)).isEmpty();
        assertThat(HfTensorNames.of(spec).source(engineName)).map(s -> s.names().getFirst()).hasValue(hfName);
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "gemma3"})
    void a_multimodal_checkpoints_text_model_is_looked_for_under_its_prefixes(String fixture) {
        var source = HfTensorNames.of(renamed(fixtureSpec(fixture))).source("blk.1.attn_q.weight").orElseThrow();
        assertThat(source.names()).containsExactly("model.layers.1.self_attn.q_proj.weight",
                "model.language_model.layers.1.self_attn.q_proj.weight", "language_model.model.layers.1.self_attn.q_proj.weight");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "qwen3moe | mixture-of-experts layers",
            "qwen3next | linear-attention layers",
            "deepseek2 | multi-head latent attention"})
    void what_cannot_be_read_is_named_by_its_knob(String fixture, String what) {
        assertThat(HfTensorNames.unsupported(renamed(fixtureSpec(fixture)))).hasValueSatisfying(s -> assertThat(s).contains(what));
    }

    private static ArchitectureSpec fixtureSpec(String fixture) {
        try (var gguf = GgufCheckpoint.open(Fixtures.gguf(fixture), LoadMode.MAPPED)) {
            return GgufSpecImporter.importHeader(gguf.header());
        }
    }

    private static ArchitectureSpec renamed(ArchitectureSpec spec) {
        var json = (ObjectNode) SpecJson.tree(spec);
        json.put("family", UNHEARD_OF);
        return SpecJson.read(json);
    }
}
