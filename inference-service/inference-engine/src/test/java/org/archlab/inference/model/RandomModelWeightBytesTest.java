package org.archlab.inference.model;

import org.archlab.architecture.analysis.WeightMemory;
import org.archlab.architecture.gguf.GgufSpecImporter;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Dtype;
import org.archlab.inference.Fixtures;
import org.archlab.inference.checkpoint.GgufCheckpoint;
import org.archlab.inference.checkpoint.LoadMode;
import org.archlab.inference.kernels.jvm.JvmKernelBackend;
import org.archlab.inference.tensor.GgmlType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A random-weight model reports the bytes its generated weights take, and of those the per-layer token table's,
 * counted from the tensors it generated; both agree with the analytics' weight memory.
 */
class RandomModelWeightBytesTest {

    @Test
    void a_gemma3n_shaped_model_reports_its_per_layer_token_table_apart() {
        ArchitectureSpec spec = fixtureSpec("gemma3n");
        try (var kernels = new JvmKernelBackend(1);
             var model = RandomModel.create(spec, GgmlType.Q8_0, 7, kernels, 16, 1)) {
            // {5632, 264} in Q8_0: 5632 / 32 blocks of 34 bytes per token row.
            long table = 5632L / 32 * 34 * 264;
            assertThat(model.streamableWeightBytes()).isEqualTo(table)
                    .isEqualTo(RandomModel.estimatedStreamableWeightBytes(spec, GgmlType.Q8_0))
                    .isEqualTo(WeightMemory.of(spec, Dtype.Q8_0).streamableBytes());
            assertThat(model.weightBytes()).isEqualTo(RandomModel.estimatedWeightBytes(spec, GgmlType.Q8_0))
                    .isGreaterThan(table);
        }
    }

    @Test
    void a_dense_model_has_no_streamable_weights() {
        ArchitectureSpec spec = fixtureSpec("llama");
        try (var kernels = new JvmKernelBackend(1);
             var model = RandomModel.create(spec, GgmlType.F32, 7, kernels, 16, 1)) {
            assertThat(model.streamableWeightBytes()).isZero();
            assertThat(RandomModel.estimatedStreamableWeightBytes(spec, GgmlType.F32)).isZero();
        }
    }

    private static ArchitectureSpec fixtureSpec(String fixture) {
        try (var gguf = GgufCheckpoint.open(Fixtures.gguf(fixture), LoadMode.MAPPED)) {
            return GgufSpecImporter.importHeader(gguf.header());
        }
    }
}
