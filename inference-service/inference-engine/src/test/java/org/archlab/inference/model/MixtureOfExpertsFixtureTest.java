package org.archlab.inference.model;

import org.archlab.inference.Fixtures;
import org.archlab.inference.checkpoint.LoadMode;
import org.archlab.inference.kernels.jvm.JvmKernelBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mixture-of-experts fixtures reproduce llama.cpp's logits (fixtures README tolerances). */
class MixtureOfExpertsFixtureTest {

    @ParameterizedTest(name = "{0} within {1}")
    @CsvSource({"qwen3moe, 1e-5", "minimax_m2, 1e-5", "glm4moe, 1e-5", "llama4, 1e-5", "grok, 1e-3", "gpt_oss, 1e-5",
            "deepseek2, 1e-5"})
    void prompt_logits_match_llama_cpp(String fixture, double tolerance) {
        try (var kernels = new JvmKernelBackend(2);
             var model = GgufModel.open(Fixtures.gguf(fixture), LoadMode.MAPPED, kernels, 256)) {
            ReferenceLogits.assertReproduced(model.transformer(), Fixtures.expected(fixture), tolerance);
        }
    }

    /** Prefill groups a batch's tokens by expert; one token at a time runs each expert per token. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"qwen3moe", "gpt_oss", "llama4"})
    void batched_prefill_equals_one_token_at_a_time(String fixture) {
        var prompt = Fixtures.expected(fixture).prompt();
        float[][] sequential = new float[prompt.length][];
        float[][] batched;
        try (var kernels = new JvmKernelBackend(2);
             var one = GgufModel.open(Fixtures.gguf(fixture), LoadMode.MAPPED, kernels, 256);
             var all = GgufModel.open(Fixtures.gguf(fixture), LoadMode.MAPPED, kernels, 256)) {
            for (int p = 0; p < prompt.length; p++) {
                sequential[p] = one.transformer().forward(prompt[p], p).clone();
            }
            batched = all.transformer().prefill(prompt, 0, true);
        }
        org.assertj.core.api.Assertions.assertThat(ReferenceLogits.relativeL2(batched, sequential)).isLessThanOrEqualTo(1e-6);
    }
}
