package org.archlab.inference.kernels.jvm;

import org.archlab.inference.kernels.GatedActivation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The vectorised activations against their float64 definitions, on sizes that leave a scalar tail. */
class ActivationsTest {

    private final Random random = new Random(5);

    @ParameterizedTest
    @ValueSource(ints = {1, 15, 37, 1000})
    void swiglu_and_geglu_equal_their_definitions(int n) {
        float[] gate = uniform(n, 12);
        float[] up = uniform(n, 3);
        float[] silu = gate.clone();
        float[] gelu = gate.clone();
        Activations.gated(GatedActivation.SILU, silu, up, n);
        Activations.gated(GatedActivation.GELU_TANH, gelu, up, n);
        for (int i = 0; i < n; i++) {
            double g = gate[i];
            double expectedSilu = g / (1 + Math.exp(-g)) * up[i];
            double expectedGelu = 0.5 * g * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (g + 0.044715 * g * g * g))) * up[i];
            assertThat((double) silu[i]).isCloseTo(expectedSilu, within(1e-5 * Math.max(1, Math.abs(expectedSilu))));
            assertThat((double) gelu[i]).isCloseTo(expectedGelu, within(1e-5 * Math.max(1, Math.abs(expectedGelu))));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 33})
    void gelu_equals_its_definition(int n) {
        float[] x = uniform(n, 8);
        float[] y = x.clone();
        Activations.geluTanh(y, n);
        for (int i = 0; i < n; i++) {
            double v = x[i];
            double expected = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
            assertThat((double) y[i]).isCloseTo(expected, within(1e-5 * Math.max(1, Math.abs(expected))));
        }
    }

    private float[] uniform(int n, float range) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (random.nextFloat() * 2 - 1) * range;
        }
        return v;
    }
}
