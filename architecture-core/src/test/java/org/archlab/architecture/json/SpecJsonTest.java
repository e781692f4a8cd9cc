package org.archlab.architecture.json;

import org.archlab.architecture.Catalog;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpecJsonTest {

    @Test
    void a_spec_survives_a_json_round_trip() {
        var spec = Catalog.spec("deepseek-v3");
        assertThat(SpecJson.read(SpecJson.write(spec))).isEqualTo(spec);
    }

    @Test
    void absent_parts_are_left_out_of_the_json() {
        assertThat(SpecJson.write(Catalog.spec("qwen3-0.6b"))).doesNotContain("\"moe\"").doesNotContain("null");
    }

    @Test
    void unknown_enum_values_are_refused_naming_the_field() {
        String json = SpecJson.write(Catalog.spec("qwen3-0.6b")).replace("\"PER_HEAD\"", "\"SOMETIMES\"");
        assertThatThrownBy(() -> SpecJson.read(json)).isInstanceOf(JacksonException.class).hasMessageContaining("qkNorm");
    }

    @Test
    void unknown_fields_are_refused() {
        String json = SpecJson.write(Catalog.spec("qwen3-0.6b")).replace("\"hiddenSize\"", "\"hiddenSise\":5,\"hiddenSize\"");
        assertThatThrownBy(() -> SpecJson.read(json)).isInstanceOf(JacksonException.class).hasMessageContaining("hiddenSise");
    }

    @Test
    void a_missing_size_is_refused_naming_the_field() {
        String json = SpecJson.write(Catalog.spec("qwen3-0.6b")).replace("\"hiddenSize\":1024,", "");
        assertThatThrownBy(() -> SpecJson.read(json)).isInstanceOf(JacksonException.class).hasMessageContaining("hiddenSize");
    }

    @Test
    void null_for_a_size_is_refused() {
        String json = SpecJson.write(Catalog.spec("qwen3-0.6b")).replace("\"hiddenSize\":1024", "\"hiddenSize\":null");
        assertThatThrownBy(() -> SpecJson.read(json)).isInstanceOf(JacksonException.class).hasMessageContaining("hiddenSize");
    }

    @Test
    void numbers_too_large_for_their_field_are_refused() {
        String json = SpecJson.write(Catalog.spec("qwen3-0.6b")).replace("\"hiddenSize\":1024", "\"hiddenSize\":99999999999");
        assertThatThrownBy(() -> SpecJson.read(json)).isInstanceOf(JacksonException.class).hasMessageContaining("hiddenSize");
    }
}
