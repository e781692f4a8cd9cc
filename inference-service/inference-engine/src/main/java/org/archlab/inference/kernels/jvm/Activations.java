package org.archlab.inference.kernels.jvm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.archlab.inference.kernels.GatedActivation;

/**
 * Element-wise activations on the Vector API. They run once per FFN width per token, so a scalar
 * {@code Math.exp} per element would cost a few milliseconds of every decode step.
 */
final class Activations {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);

    private Activations() {
    }

    /** gate ← f(gate) · up. */
    static void gated(GatedActivation activation, float[] gate, float[] up, int n) {
        if (activation == GatedActivation.SWIGLU_OAI) {
            swigluOai(gate, up, n);
            return;
        }
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            var g = FloatVector.fromArray(F, gate, i);
            var a = activation == GatedActivation.SILU ? silu(g) : geluTanh(g);
            a.mul(FloatVector.fromArray(F, up, i)).intoArray(gate, i);
        }
        for (; i < n; i++) {
            float g = gate[i];
            float a = activation == GatedActivation.SILU ? g / (1f + (float) Math.exp(-g)) : geluTanh(g);
            gate[i] = a * up[i];
        }
    }

    private static final float OAI_ALPHA = 1.702f;
    private static final float OAI_LIMIT = 7f;

    /** gpt-oss's clamped SwiGLU; rare enough (few, wide experts) to stay scalar. */
    private static void swigluOai(float[] gate, float[] up, int n) {
        for (int i = 0; i < n; i++) {
            float g = Math.min(gate[i], OAI_LIMIT);
            float u = Math.max(-OAI_LIMIT, Math.min(up[i], OAI_LIMIT));
            gate[i] = g / (1f + (float) Math.exp(-OAI_ALPHA * g)) * (u + 1f);
        }
    }

    static void geluTanh(float[] x, int n) {
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            geluTanh(FloatVector.fromArray(F, x, i)).intoArray(x, i);
        }
        for (; i < n; i++) {
            x[i] = geluTanh(x[i]);
        }
    }

    private static FloatVector silu(FloatVector g) {
        return g.div(g.neg().lanewise(VectorOperators.EXP).add(1f));
    }

    private static FloatVector geluTanh(FloatVector x) {
        var inner = x.mul(x).mul(x).mul(0.044715f).add(x).mul(SQRT_2_OVER_PI);
        return x.mul(0.5f).mul(inner.lanewise(VectorOperators.TANH).add(1f));
    }

    static float geluTanh(float x) {
        return (float) (0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x))));
    }
}
