package org.archlab.inference.model;

import org.archlab.inference.Fixtures;
import org.archlab.inference.generation.Sampler;

import static org.assertj.core.api.Assertions.assertThat;

/** How a model is held to the logits llama.cpp computed for a fixture. */
final class ReferenceLogits {

    /** Below this gap between the best two logits, a correct engine may pick either token. */
    private static final double NEAR_TIE = 1e-3;

    private ReferenceLogits() {
    }

    /**
     * The prompt's logits at every position are within {@code tolerance} (relative L2), and greedy
     * decoding continues the prompt as llama.cpp did up to the first near tie.
     */
    static void assertReproduced(Transformer transformer, Fixtures.Expected expected, double tolerance) {
        float[][] logits = transformer.prefill(expected.prompt(), 0, true);
        assertThat(relativeL2(logits, expected.logits())).as("relative L2 over all prompt logits").isLessThanOrEqualTo(tolerance);
        float[] last = logits[logits.length - 1];
        int position = expected.prompt().length;
        for (int step = 0; step < expected.continuation().length && expected.margins()[step] > NEAR_TIE; step++) {
            int next = Sampler.argmax(last);
            assertThat(next).as("greedy token at step " + step).isEqualTo(expected.continuation()[step]);
            last = transformer.forward(next, position++);
        }
    }

    static double relativeL2(float[][] actual, float[][] expected) {
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

}
