package org.archlab.registry;

import org.archlab.architecture.catalog.ReferenceCatalog;
import org.archlab.architecture.hf.HfConfigImporter;
import org.archlab.architecture.json.SpecJson;
import org.archlab.testsupport.RealPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Gemma 3n E4B and its MatFormer slice E2B as the registry seeds and analyses them. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealPostgres(database = "registry_gemma3n")
class Gemma3nCatalogIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private static tools.jackson.databind.JsonNode importedSpec(String name) {
        return SpecJson.tree(HfConfigImporter.importConfig(ReferenceCatalog.shipped().stream()
                .filter(e -> e.name().equals(name)).findFirst().orElseThrow().hfConfig()));
    }

    @Test
    void e2b_is_seeded_as_a_slice_of_e4b_with_exactly_its_own_configs_spec() {
        var api = new Api(port);
        var e4b = api.get("/api/v1/architectures/gemma-3n-e4b");
        assertThat(e4b.status()).isEqualTo(200);
        assertThat(e4b.json().get("derivedFrom").isNull()).isTrue();
        assertThat(e4b.json().get("family").stringValue()).isEqualTo("gemma3n");

        var e2b = api.get("/api/v1/architectures/gemma-3n-e2b");
        assertThat(e2b.status()).isEqualTo(200);
        assertThat(e2b.json().get("derivedFrom").stringValue()).isEqualTo("gemma-3n-e4b@1");
        assertThat(e2b.json().get("source").stringValue()).isEqualTo("catalog");
        assertThat(e2b.json().get("spec")).isEqualTo(importedSpec("gemma-3n-e2b"));

        String overrides = jdbc.sql("SELECT overrides::text FROM architecture_revision WHERE name = 'gemma-3n-e2b' AND revision = 1")
                .query(String.class).single();
        var patch = SpecJson.mapper().readTree(overrides);
        assertThat(patch.get("layers").intValue()).isEqualTo(30);
        assertThat(patch.get("feedForward").get("intermediateSize").intValue()).isEqualTo(8192);
        assertThat(patch.get("schedule").get("kvSharedLayers").intValue()).isEqualTo(10);
        assertThat(patch.has("attention")).as("E2B's attention is E4B's").isFalse();

        var provenance = api.get("/api/v1/architectures/gemma-3n-e2b/provenance").json();
        assertThat(provenance.get("sliceOf").stringValue()).isEqualTo("gemma-3n-e4b");
    }

    @Test
    void the_analysis_shows_resident_and_streamable_parameters_and_counts_shared_kv_caches_once() {
        var api = new Api(port);
        var analysis = api.get("/api/v1/architectures/gemma-3n-e4b/analysis?context=32768&kvDtype=F16");
        assertThat(analysis.status()).isEqualTo(200);
        var parameters = analysis.json().get("parameters");
        long streamable = 35L * 256 * 262_144;
        assertThat(parameters.get("streamable").longValue()).isEqualTo(streamable);
        assertThat(parameters.get("resident").longValue()).isEqualTo(parameters.get("total").longValue() - streamable);
        var kv = analysis.json().get("kvCache");
        assertThat(kv.get("bytesPerToken").longValue()).isEqualTo(20 * 2048);
        assertThat(kv.get("byLayerKind").get("FULL").get("sharedLayers").intValue()).isEqualTo(3);
        assertThat(kv.get("byLayerKind").get("SLIDING").get("sharedLayers").intValue()).isEqualTo(12);
        var weights = analysis.json().get("weights");
        assertThat(weights.get("streamableBytes").longValue()).isEqualTo(2 * streamable);

        var dense = api.get("/api/v1/architectures/qwen3-0.6b/analysis").json().get("parameters");
        assertThat(dense.get("streamable").longValue()).isZero();
        assertThat(dense.get("resident").longValue()).isEqualTo(dense.get("total").longValue());
    }
}
