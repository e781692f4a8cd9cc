package org.archlab.inference.bench;

import org.archlab.architecture.hf.HfConfigImporter;
import org.archlab.architecture.json.SpecJson;
import org.archlab.architecture.spec.ArchitectureSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A catalog of one Qwen3-shaped model small enough that the benches' tests build and decode it in moments. */
final class TinyCatalog {

    static final String NAME = "tiny-qwen3";

    /** Four layers, widths that Q4_0 and Q8_0 blocks divide. */
    private static final String HF_CONFIG = """
            {"model_type": "qwen3", "architectures": ["Qwen3ForCausalLM"], "hidden_size": 64, "intermediate_size": 128,
             "num_hidden_layers": 4, "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 16, "vocab_size": 256,
             "max_position_embeddings": 4096, "rope_theta": 1000000, "rms_norm_eps": 1e-06, "tie_word_embeddings": true,
             "hidden_act": "silu", "attention_bias": false}""";

    private TinyCatalog() {
    }

    static ArchitectureSpec spec() {
        return HfConfigImporter.importConfig(SpecJson.mapper().readTree(HF_CONFIG));
    }

    /** The catalog file {@code ./archlab bench --catalog --catalog-file} reads, in {@code dir}. */
    static Path file(Path dir) throws IOException {
        return Files.writeString(dir.resolve("tiny-catalog.json"),
                "{\"models\": [{\"name\": \"" + NAME + "\", \"family\": \"qwen3\", \"hf_config\": " + HF_CONFIG + "}]}");
    }
}
