package org.archlab.architecture.catalog;

import org.archlab.architecture.Reference;
import org.archlab.architecture.json.SpecJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReferenceCatalogTest {

    private static JsonNode json(String text) {
        return SpecJson.mapper().readTree(text.replace('\'', '"'));
    }

    @Test
    void a_completion_adds_the_keys_the_reference_leaves_out_and_keeps_both_sources() {
        var reference = json("{'models':[{'name':'m','family':'f','hf_config':{'hidden_size':8},'sources':['ref']}]}");
        var completions = json("{'models':[{'name':'m','hf_config':{'vocab_size':32},'sources':['ours']}]}");
        var entry = ReferenceCatalog.merge(reference, completions).getFirst();
        assertThat(entry.hfConfig()).isEqualTo(json("{'hidden_size':8,'vocab_size':32}"));
        assertThat(entry.sources()).containsExactly("ref", "ours");
        assertThat(entry.completed()).isTrue();
    }

    @Test
    void a_completion_that_contradicts_the_reference_is_refused_naming_the_key() {
        var reference = json("{'models':[{'name':'m','family':'f','hf_config':{'hidden_size':8}}]}");
        var completions = json("{'models':[{'name':'m','hf_config':{'hidden_size':16}}]}");
        assertThatThrownBy(() -> ReferenceCatalog.merge(reference, completions))
                .hasMessageContaining("hidden_size").hasMessageContaining("8").hasMessageContaining("16");
    }

    @Test
    void models_only_the_research_adds_follow_the_reference_ones() {
        var reference = json("{'models':[{'name':'a','family':'f','hf_config':{}}]}");
        var completions = json("{'models':[{'name':'b','family':'g','hf_config':{'x':1},"
                + "'published_params':{'total':5,'active':2}}]}");
        var entries = ReferenceCatalog.merge(reference, completions);
        assertThat(entries).extracting(CatalogEntry::name).containsExactly("a", "b");
        assertThat(entries.get(0).completed()).isFalse();
        assertThat(entries.get(1).publishedTotal()).isEqualTo(5.0);
        assertThat(entries.get(1).publishedActive()).isEqualTo(2.0);
    }

    @Test
    void a_slice_names_the_model_it_is_cut_from_which_must_come_before_it() {
        var reference = json("{'models':[{'name':'a','family':'f','hf_config':{}}]}");
        var slice = ReferenceCatalog.merge(reference, json("{'models':[{'name':'b','family':'f','slice_of':'a','hf_config':{}}]}"));
        assertThat(slice.get(1).sliceOf()).isEqualTo("a");
        assertThat(slice.get(0).sliceOf()).isNull();
        assertThatThrownBy(() -> ReferenceCatalog.merge(reference,
                json("{'models':[{'name':'b','family':'f','slice_of':'c','hf_config':{}},{'name':'c','family':'f','hf_config':{}}]}")))
                .hasMessageContaining("slice_of 'c'");
    }

    @Test
    void gemma_3n_e2b_ships_as_a_slice_of_e4b() {
        assertThat(Reference.models()).filteredOn(e -> e.name().equals("gemma-3n-e2b")).singleElement()
                .extracting(CatalogEntry::sliceOf).isEqualTo("gemma-3n-e4b");
    }

    @Test
    void the_shipped_completions_agree_with_the_reference_and_cite_a_source_for_every_model() {
        var catalog = Reference.models();
        assertThat(catalog).extracting(CatalogEntry::name).contains("smollm3-3b", "grok-2", "gemma-3-1b", "gemma-3-4b");
        ReferenceCatalog.completions().get("models")
                .forEach(m -> assertThat(m.get("sources").size()).as(m.get("name").stringValue()).isPositive());
    }

    @Test
    void the_shipped_catalog_is_read_from_the_jar_with_every_model_of_the_comparison() {
        assertThat(ReferenceCatalog.shipped()).extracting(CatalogEntry::name)
                .contains("deepseek-v3", "gemma-3-27b", "llama-4-maverick-17b-128e", "qwen3-next-80b-a3b", "minimax-m2", "gpt-oss-120b");
        assertThat(ReferenceCatalog.load(null, ReferenceCatalog.OverrideMode.ADD)).isEqualTo(ReferenceCatalog.shipped());
    }

    @Test
    void a_catalog_file_of_ones_own_adds_models_and_takes_the_place_of_shipped_ones_of_the_same_name(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("catalog.json");
        Files.writeString(file, json("{'models':[{'name':'qwen3-0.6b','family':'mine','hf_config':{'x':1}},"
                + "{'name':'tiny','family':'mine','hf_config':{}}]}").toString());
        var catalog = ReferenceCatalog.load(file, ReferenceCatalog.OverrideMode.ADD);
        assertThat(catalog).hasSize(ReferenceCatalog.shipped().size() + 1);
        assertThat(catalog).filteredOn(e -> e.name().equals("qwen3-0.6b")).singleElement()
                .extracting(CatalogEntry::family).isEqualTo("mine");
        assertThat(catalog.getLast().name()).isEqualTo("tiny");
    }

    @Test
    void a_catalog_file_in_replace_mode_is_the_whole_catalog(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("catalog.json");
        Files.writeString(file, json("{'models':[{'name':'tiny','family':'mine','hf_config':{}}]}").toString());
        assertThat(ReferenceCatalog.load(file, ReferenceCatalog.OverrideMode.REPLACE)).extracting(CatalogEntry::name)
                .containsExactly("tiny");
    }

    @Test
    void a_catalog_file_without_the_keys_of_a_model_is_refused_naming_the_key(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("catalog.json");
        Files.writeString(file, json("{'models':[{'name':'tiny','hf_config':{}}]}").toString());
        assertThatThrownBy(() -> ReferenceCatalog.load(file, ReferenceCatalog.OverrideMode.ADD)).hasMessageContaining("'family'");
        assertThatThrownBy(() -> ReferenceCatalog.OverrideMode.of("merge")).hasMessageContaining("add or replace");
    }
}
