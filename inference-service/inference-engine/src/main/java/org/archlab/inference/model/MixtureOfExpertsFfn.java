package org.archlab.inference.model;

import org.archlab.architecture.spec.Activation;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.MixtureOfExperts;
import org.archlab.inference.kernels.KernelBackend;
import org.archlab.inference.tensor.WeightTensor;

import java.util.Arrays;

/**
 * A mixture-of-experts FFN over a batch of tokens. Only the chosen experts run: the batch's tokens are
 * grouped by expert, so each expert's weights are read once per batch (a matmul over its tokens) rather
 * than once per token, and tokens routed nowhere cost nothing.
 */
final class MixtureOfExpertsFfn {

    private final MixtureOfExperts moe;
    private final ExpertRouter router;
    private final KernelBackend kernels;
    private final Activation activation;
    private final int hidden;
    /** Llama 4 scales an expert's input by its weight (as llama.cpp does), everyone else its output. */
    private final boolean weightInput;
    /** Grok adds the dense branch and the experts, then scales the sum by 1/√2. */
    private final float outputScale;
    private final long[] tokensPerExpert;

    private final float[] logits;
    private final float[] input;
    private final float[] gate;
    private final float[] up;
    private final float[] output;
    private final int[][] members;
    private final float[][] memberWeights;
    private final int[] memberCount;

    MixtureOfExpertsFfn(ArchitectureSpec spec, KernelBackend kernels, int maxBatch) {
        this.moe = spec.moe();
        this.router = new ExpertRouter(moe);
        this.kernels = kernels;
        this.activation = spec.feedForward().activation();
        this.hidden = spec.hiddenSize();
        this.weightInput = spec.moe().weightsExpertInputs();
        this.outputScale = (float) spec.moe().outputFactor();
        this.tokensPerExpert = new long[moe.experts()];
        int width = Math.max(moe.expertIntermediateSize(), moe.sharedExperts() * moe.sharedExpertIntermediateSize());
        this.logits = new float[maxBatch * moe.experts()];
        this.input = new float[maxBatch * hidden];
        this.gate = new float[maxBatch * width];
        this.up = new float[maxBatch * width];
        this.output = new float[maxBatch * hidden];
        this.members = new int[moe.experts()][maxBatch];
        this.memberWeights = new float[moe.experts()][maxBatch];
        this.memberCount = new int[moe.experts()];
    }

    /** out[t] = the FFN of x[t] for {@code count} rows of the hidden size. */
    void apply(ExpertWeights w, float[] x, int count, float[] out) {
        Arrays.fill(out, 0, count * hidden, 0f);
        route(w, x, count);
        for (int e = 0; e < w.experts(); e++) {
            int n = memberCount[e];
            if (n == 0) {
                continue;
            }
            tokensPerExpert[e] += n;
            for (int i = 0; i < n; i++) {
                int t = members[e][i];
                float scale = weightInput ? memberWeights[e][i] : 1f;
                for (int j = 0; j < hidden; j++) {
                    input[i * hidden + j] = x[t * hidden + j] * scale;
                }
            }
            expert(w.gate() == null ? null : w.gate()[e], w.up()[e], w.down()[e],
                    bias(w.gateBias(), e), bias(w.upBias(), e), bias(w.downBias(), e), n);
            for (int i = 0; i < n; i++) {
                int t = members[e][i];
                float scale = weightInput ? 1f : memberWeights[e][i];
                for (int j = 0; j < hidden; j++) {
                    out[t * hidden + j] += scale * output[i * hidden + j];
                }
            }
        }
        if (w.hasSharedExpert()) {
            System.arraycopy(x, 0, input, 0, count * hidden);
            expert(w.sharedGateProjection(), w.sharedUp(), w.sharedDown(), null, null, null, count);
            for (int t = 0; t < count; t++) {
                float scale = w.sharedGate() == null ? 1f : sigmoid(dot(w.sharedGate(), x, t * hidden));
                for (int j = 0; j < hidden; j++) {
                    out[t * hidden + j] += scale * output[t * hidden + j];
                }
            }
        }
        if (outputScale != 1f) {
            for (int i = 0; i < count * hidden; i++) {
                out[i] *= outputScale;
            }
        }
    }

    /** Tokens each expert has processed so far, by expert, summed over the layers that share this block. */
    long[] tokensPerExpert() {
        return tokensPerExpert.clone();
    }

    private void route(ExpertWeights w, float[] x, int count) {
        kernels.multiply(w.router(), x, hidden, count, logits, moe.experts());
        Arrays.fill(memberCount, 0);
        for (int t = 0; t < count; t++) {
            if (w.routerBias() != null) {
                for (int e = 0; e < moe.experts(); e++) {
                    logits[t * moe.experts() + e] += w.routerBias()[e];
                }
            }
            var choice = router.choose(logits, t * moe.experts(), w.selectionBias());
            for (int i = 0; i < choice.experts().length; i++) {
                int e = choice.experts()[i];
                members[e][memberCount[e]] = t;
                memberWeights[e][memberCount[e]] = choice.weights()[i];
                memberCount[e]++;
            }
        }
    }

    /** output ← the expert's FFN of the first {@code n} rows of {@link #input}. */
    private void expert(WeightTensor gateW, WeightTensor upW, WeightTensor downW, float[] gateB, float[] upB,
                        float[] downB, int n) {
        FeedForwardNetwork.apply(kernels, activation, gateW, upW, downW, gateB, upB, downB, input, n, gate, up, output);
    }


    private static float[] bias(float[][] biases, int expert) {
        return biases == null ? null : biases[expert];
    }

    private static float dot(float[] a, float[] x, int offset) {
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * x[offset + i];
        }
        return sum;
    }

    private static float sigmoid(float v) {
        return (float) (1 / (1 + Math.exp(-v)));
    }
}
