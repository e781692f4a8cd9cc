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

    /** Below this gap between the best two logits, a correct engine may pick either token. */
    private static final double NEAR_TIE = 1e-3;

    @ParameterizedTest(name = "{0} within {1}")
    @CsvSource({
            "llama, 1e-5", "llama_f16, 2e-3", "llama_bf16, 1.5e-2", "llama_q8_0, 5e-2", "llama_q4_0, 5e-2",
            "qwen3, 1e-5", "qwen3_f16, 2e-3", "qwen3_bf16, 1.5e-2", "qwen3_q8_0, 5e-2", "qwen3_q4_0, 5e-2",
            "gemma3, 1e-3", "gpt2, 1e-3", "olmo2, 1e-5", "smollm3, 1e-5"})
    void prompt_logits_match_llama_cpp(String fixture, double tolerance) {
        var expected = Fixtures.expected(fixture);
        try (var kernels = new JvmKernelBackend(2);
             var model = GgufModel.open(Fixtures.gguf(fixture), LoadMode.MAPPED, kernels, 256)) {
            var transformer = model.transformer();
            float[][] logits = transformer.prefill(expected.prompt(), 0, true);
            assertThat(relativeL2(logits, expected.logits())).as("relative L2 over all prompt logits").isLessThanOrEqualTo(tolerance);
            float[] last = logits[logits.length - 1];

            int position = expected.prompt().length;
            for (int step = 0; step < expected.continuation().length && expected.margins()[step] > NEAR_TIE; step++) {
                int next = argmax(last);
                assertThat(next).as("greedy token at step " + step).isEqualTo(expected.continuation()[step]);
                last = transformer.forward(next, position++);
            }
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
        assertThat(relativeL2(batched, sequential)).isLessThanOrEqualTo(1e-6);
    }

    private static double relativeL2(float[][] actual, float[][] expected) {
        double difference = 0;
        double reference = 0;
        for (int p = 0; p < expected.length; p++) {
            for (int j = 0; j < expected[p].length; j++) {
                double d = actual[p][j] - expected[p][j];
                difference += d * d;
                reference += (double) expected[p][j] * expected[p][j];
            }
        }
        return Math.sqrt(difference / reference);
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
