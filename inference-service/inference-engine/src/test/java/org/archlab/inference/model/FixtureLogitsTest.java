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
            double difference = 0;
            double reference = 0;
            float[] last = null;
            for (int position = 0; position < expected.prompt().length; position++) {
                last = transformer.forward(expected.prompt()[position], position);
                for (int j = 0; j < last.length; j++) {
                    double d = last[j] - expected.logits()[position][j];
                    difference += d * d;
                    reference += (double) expected.logits()[position][j] * expected.logits()[position][j];
                }
            }
            assertThat(Math.sqrt(difference / reference)).as("relative L2 over all prompt logits").isLessThanOrEqualTo(tolerance);

            int position = expected.prompt().length;
            for (int step = 0; step < expected.continuation().length && expected.margins()[step] > NEAR_TIE; step++) {
                int next = argmax(last);
                assertThat(next).as("greedy token at step " + step).isEqualTo(expected.continuation()[step]);
                last = transformer.forward(next, position++);
            }
        }
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
