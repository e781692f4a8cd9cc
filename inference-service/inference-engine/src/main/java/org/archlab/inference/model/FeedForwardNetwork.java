package org.archlab.inference.model;

import org.archlab.architecture.spec.Activation;
import org.archlab.inference.kernels.GatedActivation;
import org.archlab.inference.kernels.KernelBackend;
import org.archlab.inference.tensor.WeightTensor;

/** One feed-forward network over a batch of tokens: a dense layer's, a routed expert's or a shared expert's. */
final class FeedForwardNetwork {

    private FeedForwardNetwork() {
    }

    /**
     * out = down(act(gate·x + b) ⊙ (up·x + b)) + b for {@code tokens} rows of x (GELU(up·x) when the
     * activation is not gated). Biases may be null; {@code gateBuffer} and {@code upBuffer} hold
     * {@code tokens} rows of the FFN width.
     */
    static void apply(KernelBackend kernels, Activation activation, WeightTensor gate, WeightTensor up, WeightTensor down,
                      float[] gateBias, float[] upBias, float[] downBias, float[] x, int tokens,
                      float[] gateBuffer, float[] upBuffer, float[] out) {
        apply(kernels, activation, gate, up, down, gateBias, upBias, downBias, x, tokens, gateBuffer, upBuffer, out, null);
    }

    /**
     * The same with the activation's input cut by statistical top-k first ({@code sparsity}; null = none): the gate
     * of a gated activation, the up projection of an ungated one (the only pre-activation it has).
     */
    static void apply(KernelBackend kernels, Activation activation, WeightTensor gate, WeightTensor up, WeightTensor down,
                      float[] gateBias, float[] upBias, float[] downBias, float[] x, int tokens,
                      float[] gateBuffer, float[] upBuffer, float[] out, GateSparsity sparsity) {
        int hidden = up.columns();
        int width = up.rows();
        kernels.multiply(up, x, hidden, tokens, upBuffer, width);
        addBias(upBuffer, upBias, width, tokens);
        float[] activated;
        if (activation.gated()) {
            kernels.multiply(gate, x, hidden, tokens, gateBuffer, width);
            addBias(gateBuffer, gateBias, width, tokens);
            if (sparsity != null) {
                sparsity.apply(gateBuffer, tokens, width);
            }
            kernels.gatedActivation(GatedActivation.of(activation), gateBuffer, upBuffer, tokens * width);
            activated = gateBuffer;
        } else {
            if (sparsity != null) {
                sparsity.apply(upBuffer, tokens, width);
            }
            kernels.gelu(upBuffer, tokens * width);
            activated = upBuffer;
        }
        kernels.multiply(down, activated, width, tokens, out, down.rows());
        addBias(out, downBias, down.rows(), tokens);
    }

    /** Adds {@code bias} (if any) to each of {@code rows} rows of {@code width} values. */
    static void addBias(float[] v, float[] bias, int width, int rows) {
        if (bias != null) {
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < width; i++) {
                    v[r * width + i] += bias[i];
                }
            }
        }
    }
}
