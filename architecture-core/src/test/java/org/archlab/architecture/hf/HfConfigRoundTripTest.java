package org.archlab.architecture.hf;

import org.archlab.architecture.Reference;
import org.archlab.architecture.json.SpecJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HfConfigRoundTripTest {

    static Stream<Arguments> catalog() {
        return Reference.models().stream().map(m -> Arguments.of(m.name(), m.hfConfig()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalog")
    void importing_the_exported_config_gives_back_the_same_spec(String name, JsonNode config) {
        var spec = HfConfigImporter.importConfig(config);
        var again = HfConfigImporter.importConfig(HfConfigExporter.export(spec));
        assertThat(again).isEqualTo(spec);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalog")
    void the_export_keeps_the_reference_configs_own_values_for_the_keys_it_writes(String name, JsonNode config) {
        ObjectNode exported = HfConfigExporter.export(HfConfigImporter.importConfig(config));
        for (String key : new String[]{"hidden_size", "num_hidden_layers", "vocab_size", "num_attention_heads",
                "num_key_value_heads", "model_type", "n_embd", "n_layer"}) {
            if (config.has(key) && exported.has(key)) {
                assertThat(exported.get(key).asString()).as(key).isEqualTo(config.get(key).asString());
            }
        }
    }

    @Test
    void a_multimodal_config_is_read_from_its_text_config() {
        var config = (ObjectNode) SpecJson.mapper().createObjectNode();
        config.put("model_type", "gemma3");
        config.set("text_config", Reference.models().stream().filter(m -> m.name().equals("gemma-3-27b"))
                .findFirst().orElseThrow().hfConfig());
        assertThat(HfConfigImporter.importConfig(config).family()).isEqualTo("gemma3");
    }

    @Test
    void an_unknown_model_type_names_the_key_and_the_supported_ones() {
        var config = SpecJson.mapper().createObjectNode().put("model_type", "mamba").put("hidden_size", 8).put("num_hidden_layers", 2);
        assertThatThrownBy(() -> HfConfigImporter.importConfig(config))
                .isInstanceOf(HfConfigException.class).hasMessageContaining("model_type").hasMessageContaining("qwen3_moe");
    }

    @Test
    void a_value_of_the_wrong_type_names_its_key() {
        var config = SpecJson.mapper().createObjectNode().put("model_type", "qwen3").put("hidden_size", "wide").put("num_hidden_layers", 2);
        assertThatThrownBy(() -> HfConfigImporter.importConfig(config))
                .isInstanceOf(HfConfigException.class).extracting(e -> ((HfConfigException) e).key()).isEqualTo("hidden_size");
    }

    @Test
    void every_bad_key_of_a_config_is_named_at_once_not_only_the_first() {
        var config = SpecJson.mapper().createObjectNode().put("model_type", "qwen3").put("hidden_size", -8).put("vocab_size", 1.5);
        assertThatThrownBy(() -> HfConfigImporter.importConfig(config))
                .isInstanceOf(HfConfigException.class)
                .extracting(e -> ((HfConfigException) e).problems().stream().map(HfConfigException.Problem::key).toList())
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .contains("hidden_size", "num_hidden_layers", "vocab_size");
    }
}
