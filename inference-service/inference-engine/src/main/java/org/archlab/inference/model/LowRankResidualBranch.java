package org.archlab.inference.model;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.inference.kernels.KernelBackend;

/**
 * A learned low-rank branch beside a layer's mixer (LAuReL, Gemma 3n): from the normed layer input h it computes
 * {@code h + rms(up · (down · h), postNorm)}, which the block adds to the mixer's output and the residual, the
 * sum scaled by 1/√2 (see {@link #combine}). The branch sits beside any mixer the layer has; Gemma 3n has only
 * softmax attention.
 */
final class LowRankResidualBranch {

    private static final float INVERSE_SQRT_2 = (float) (1 / Math.sqrt(2));

    private final KernelBackend kernels;
    private final int hidden;
    private final int rank;
    private final float eps;
    private final float[] inner;
    private final float[] out;

    LowRankResidualBranch(ArchitectureSpec spec, KernelBackend kernels, int maxBatch) {
        this.kernels = kernels;
        this.hidden = spec.hiddenSize();
        this.rank = spec.lowRankResidual().rank();
        this.eps = (float) spec.norm().eps();
        this.inner = new float[maxBatch * rank];
        this.out = new float[maxBatch * hidden];
    }

    /** The branch's output for {@code count} normed inputs; valid until the next call. */
    float[] apply(LowRankWeights w, float[] h, int count) {
        kernels.multiply(w.down(), h, hidden, count, inner, rank);
        kernels.multiply(w.up(), inner, rank, count, out, hidden);
        for (int t = 0; t < count; t++) {
            kernels.rmsNorm(out, t * hidden, hidden, w.postNorm(), eps);
            for (int i = 0; i < hidden; i++) {
                out[t * hidden + i] += h[t * hidden + i];
            }
        }
        return out;
    }

    /** x ← (x + mixer + branch) / √2 over {@code n} values. */
    static void combine(float[] x, float[] mixer, float[] branch, int n) {
        for (int i = 0; i < n; i++) {
            x[i] = (x[i] + mixer[i] + branch[i]) * INVERSE_SQRT_2;
        }
    }
}
