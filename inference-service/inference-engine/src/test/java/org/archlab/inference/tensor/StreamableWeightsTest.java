package org.archlab.inference.tensor;

import org.archlab.architecture.gguf.GgufSpecImporter;
import org.archlab.inference.Fixtures;
import org.archlab.inference.checkpoint.GgufCheckpoint;
import org.archlab.inference.checkpoint.LoadMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The streamable bytes are the per-layer token table's as the weights hold it, and none for a model without one. */
class StreamableWeightsTest {

    @Test
    void gemma3n_streams_its_per_layer_token_table_as_stored() {
        try (var gguf = GgufCheckpoint.open(Fixtures.gguf("gemma3n"), LoadMode.MAPPED)) {
            // {5632, 264} F32: 22 layers × 256 values for each of the 264 tokens.
            assertThat(StreamableWeights.bytes(gguf, GgufSpecImporter.importHeader(gguf.header()))).isEqualTo(5632L * 264 * 4)
                    .isEqualTo(gguf.tensor("per_layer_token_embd.weight").byteSize());
        }
    }

    @Test
    void a_dense_model_has_nothing_to_stream() {
        try (var gguf = GgufCheckpoint.open(Fixtures.gguf("llama"), LoadMode.MAPPED)) {
            assertThat(StreamableWeights.bytes(gguf, GgufSpecImporter.importHeader(gguf.header()))).isZero();
        }
    }
}
