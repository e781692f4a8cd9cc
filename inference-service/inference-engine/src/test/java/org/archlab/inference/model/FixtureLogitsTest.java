package org.archlab.inference.model;

import org.archlab.inference.Fixtures;
import org.archlab.inference.checkpoint.LoadMode;
import org.archlab.inference.kernels.jvm.JvmKernelBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine reproduces the logits llama.cpp computed for each dense-family fixture, within the
 * tolerances the fixtures' README measured, and continues the prompt greedily the same way up to the
 * first step whose top-two gap is a near tie.
 */
class FixtureLogitsTest {

    @ParameterizedTest(name = "{0} within {1}")
    @CsvSource({
            "llama, 1e-5", "llama_f16, 2e-3", "llama_bf16, 1.5e-2", "llama_q8_0, 5e-2", "llama_q4_0, 5e-2",
            "qwen3, 1e-5", "qwen3_f16, 2e-3", "qwen3_bf16, 1.5e-2", "qwen3_q8_0, 5e-2", "qwen3_q4_0, 5e-2",
            "gemma3, 1e-3", "gpt2, 1e-3", "olmo2, 1e-5", "smollm3, 1e-5"})
    void prompt_logits_match_llama_cpp(String fixture, double tolerance) {
        var expected = Fixtures.expected(fixture);
        try (var kernels = new JvmKernelBackend(2);
             var model = GgufModel.open(Fixtures.gguf(fixture), LoadMode.MAPPED, kernels, 256)) {
            ReferenceLogits.assertReproduced(model.transformer(), expected, tolerance);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"gemma3", "llama_q4_0", "gpt2"})
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
        assertThat(ReferenceLogits.relativeL2(batched, sequential)).isLessThanOrEqualTo(1e-6);
    }
}
