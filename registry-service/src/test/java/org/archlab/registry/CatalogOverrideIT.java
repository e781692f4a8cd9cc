package org.archlab.registry;

import org.archlab.architecture.catalog.ReferenceCatalog;
import org.archlab.testsupport.RealPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A deployment's own catalog file (ARCHLAB_CATALOG) adds to the shipped catalog. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealPostgres(database = "registry_catalog_override")
class CatalogOverrideIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void ownCatalog(DynamicPropertyRegistry registry) {
        registry.add("archlab.registry.catalog.file", CatalogOverrideIT::writeOwnCatalog);
        registry.add("archlab.registry.catalog.mode", () -> "add");
    }

    /** One model of the deployment's own: Qwen3-0.6B's config with 4 layers, under a name the shipped catalog lacks. */
    private static String writeOwnCatalog() {
        try {
            Path file = Files.createTempFile("own-catalog", ".json");
            Files.writeString(file, """
                    {"models": [{"name": "qwen3-0.6b-4-layers", "family": "qwen3", "sources": ["our lab"],
                      "hf_config": {"model_type": "qwen3", "architectures": ["Qwen3ForCausalLM"], "hidden_size": 1024,
                        "intermediate_size": 3072, "num_hidden_layers": 4, "num_attention_heads": 16, "num_key_value_heads": 8,
                        "head_dim": 128, "vocab_size": 151936, "max_position_embeddings": 40960, "rope_theta": 1000000,
                        "rms_norm_eps": 1e-06, "tie_word_embeddings": true, "hidden_act": "silu", "attention_bias": false}}]}
                    """);
            file.toFile().deleteOnExit();
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void the_files_models_are_seeded_beside_the_shipped_ones() {
        var api = new Api(port);
        var own = api.get("/api/v1/architectures/qwen3-0.6b-4-layers");
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().get("spec").get("layers").intValue()).isEqualTo(4);
        assertThat(api.get("/api/v1/architectures/deepseek-v3").status()).isEqualTo(200);
        long catalog = jdbc.sql("SELECT count(*) FROM architecture WHERE source = 'catalog'").query(Long.class).single();
        assertThat(catalog).isEqualTo(ReferenceCatalog.shipped().size() + 1);
    }
}
