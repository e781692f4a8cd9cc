package org.archlab.inference.tensor;

import org.archlab.architecture.analysis.WeightMemory;
import org.archlab.architecture.gguf.GgufHeaderReader;
import org.archlab.architecture.gguf.GgufSpecImporter;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Dtype;
import org.archlab.inference.Fixtures;
import org.archlab.inference.kernels.jvm.JvmKernelBackend;
import org.archlab.inference.model.RandomModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

class RandomWeightsTest {

    @ParameterizedTest
    @EnumSource(GgmlType.class)
    void generated_bytes_equal_the_registry_weight_memory(GgmlType type) throws IOException {
        ArchitectureSpec spec = fixtureSpec("qwen3");
        try (var weights = RandomWeights.generate(spec, type, 7, 2)) {
            assertThat(weights.bytes()).isEqualTo(WeightMemory.of(spec, Dtype.valueOf(type.name())).bytes());
        }
    }

    @Test
    void the_same_seed_gives_the_same_model_whatever_the_thread_count() throws IOException {
        ArchitectureSpec spec = fixtureSpec("gemma3");
        float[] one = firstLogits(spec, 42, 1);
        assertThat(firstLogits(spec, 42, 2)).containsExactly(one);
        assertThat(firstLogits(spec, 43, 2)).isNotEqualTo(one);
    }

    private static float[] firstLogits(ArchitectureSpec spec, long seed, int threads) {
        try (var kernels = new JvmKernelBackend(threads);
             var model = RandomModel.create(spec, GgmlType.Q8_0, seed, kernels, 16, threads)) {
            model.transformer().forward(3, 0);
            return model.transformer().forward(5, 1).clone();
        }
    }

    private static ArchitectureSpec fixtureSpec(String fixture) throws IOException {
        try (var in = Files.newInputStream(Fixtures.gguf(fixture))) {
            return GgufSpecImporter.importHeader(GgufHeaderReader.read(in));
        }
    }
}
