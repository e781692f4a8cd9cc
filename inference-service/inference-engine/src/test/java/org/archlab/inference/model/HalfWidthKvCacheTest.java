package org.archlab.inference.model;

import org.archlab.inference.Fixtures;
import org.archlab.inference.cache.KvCacheType;
import org.archlab.inference.checkpoint.LoadMode;
import org.archlab.inference.kernels.jvm.JvmKernelBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;

import static org.archlab.inference.generation.Sampler.argmax;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A transformer whose KV caches keep F16 or BF16 computes the logits of one with F32 caches up to the rounding of its
 * cached keys and values: full attention (llama), sliding rings past their window of 8 (gemma3), the latent cache of
 * multi-head latent attention (deepseek2), KV-shared layers reading staged sliding caches (gemma3n), and a hybrid
 * whose DeltaNet states stay F32 (qwen3next). The prompt is prefilled, then tokens are decoded one by one; both
 * transformers are fed the F32 one's greedy tokens, so they see the same inputs. The tolerances are about twice what
 * was measured (F16 at most 4.6e-4, BF16 4.1e-3: a half keeps 11 significant bits, a bfloat16 8); a difference of exactly 0 would mean nothing was rounded.
 * deepseek2's router sits near a tie at the sixth prompt token: F16's rounding there picks another expert (that row
 * moves by 0.5 relative L2, the others by under 7e-4; BF16's rounding happens to keep the choice), so its cases take
 * the first five prompt tokens, then decode.
 */
class HalfWidthKvCacheTest {

    private static final int DECODED = 6;

    @ParameterizedTest(name = "{0} over {1} within {2}")
    @CsvSource({"llama, F16, 1e-3, 0", "gemma3, F16, 1e-3, 0", "deepseek2, F16, 1e-3, 5", "gemma3n, F16, 1e-3, 0",
            "qwen3next, F16, 1e-3, 0", "llama, BF16, 1e-2, 0", "gemma3, BF16, 1e-2, 0", "deepseek2, BF16, 1e-2, 5"})
    void logits_over_a_half_width_cache_are_the_f32_ones_up_to_its_rounding(String fixture, KvCacheType type, double tolerance,
                                                                          int promptTokens) {
        int[] whole = Fixtures.expected(fixture).prompt();
        int[] prompt = promptTokens > 0 ? Arrays.copyOf(whole, promptTokens) : whole;
        try (var kernels = new JvmKernelBackend(2);
             var full = GgufModel.open(Fixtures.gguf(fixture), LoadMode.MAPPED, kernels, 256);
             var half = GgufModel.open(Fixtures.gguf(fixture), LoadMode.MAPPED, kernels, 256, type)) {
            assertThat(half.transformer().kvCacheType()).isEqualTo(type);
            float[][] expected = Arrays.copyOf(full.transformer().prefill(prompt, 0, true), prompt.length + DECODED);
            float[][] actual = Arrays.copyOf(half.transformer().prefill(prompt, 0, true), prompt.length + DECODED);
            for (int i = 0; i < DECODED; i++) {
                int token = argmax(expected[prompt.length + i - 1]);
                expected[prompt.length + i] = full.transformer().forward(token, prompt.length + i).clone();
                actual[prompt.length + i] = half.transformer().forward(token, prompt.length + i).clone();
            }
            assertThat(ReferenceLogits.relativeL2(actual, expected)).isGreaterThan(0).isLessThanOrEqualTo(tolerance);
        }
    }
}
