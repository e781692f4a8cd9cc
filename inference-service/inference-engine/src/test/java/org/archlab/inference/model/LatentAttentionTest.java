package org.archlab.inference.model;

import org.archlab.inference.Fixtures;
import org.archlab.inference.checkpoint.LoadMode;
import org.archlab.inference.kernels.jvm.JvmKernelBackend;
import org.archlab.architecture.analysis.KvCacheAnalysis;
import org.archlab.architecture.spec.Dtype;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Multi-head latent attention (the deepseek2 fixture): absorbed and naive paths, and the cache it keeps. */
class LatentAttentionTest {

    @Test
    void the_weight_absorbed_path_equals_the_definition() {
        var prompt = Fixtures.expected("deepseek2").prompt();
        try (var kernels = new JvmKernelBackend(2);
             var absorbed = GgufModel.open(Fixtures.gguf("deepseek2"), LoadMode.MAPPED, kernels, 64);
             var naive = GgufModel.open(Fixtures.gguf("deepseek2"), LoadMode.MAPPED, kernels, 64)) {
            naive.transformer().useNaiveLatentAttention(true);
            float[][] fast = absorbed.transformer().prefill(prompt, 0, true);
            float[][] definition = naive.transformer().prefill(prompt, 0, true);
            assertThat(ReferenceLogits.relativeL2(fast, definition)).isLessThanOrEqualTo(1e-6);
        }
    }

    @Test
    void the_cache_holds_only_the_latent_and_the_rope_key_as_the_registry_counts() {
        try (var kernels = new JvmKernelBackend(1);
             var model = GgufModel.open(Fixtures.gguf("deepseek2"), LoadMode.MAPPED, kernels, 100)) {
            var spec = model.transformer().spec();
            long expected = KvCacheAnalysis.of(spec, Dtype.F32, 100, 1).totalBytes();
            assertThat(model.transformer().kvCacheBytes()).isEqualTo(expected)
                    .isEqualTo(3L * 100 * (32 + 8) * 4);
        }
    }
}
