package org.archlab.inference.model;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.LinearAttention;
import org.archlab.inference.cache.RecurrentState;
import org.archlab.inference.kernels.KernelBackend;
import org.archlab.inference.tensor.WeightTensor;

/**
 * Gated DeltaNet linear attention (Qwen3-Next). Per value head h with state S (key dim × value dim):
 * S ← γ·S, then the delta rule S ← S + k·(β·(v − Sᵀk))ᵀ, and the output o = Sᵀq / √d. q, k and v come
 * from a short causal convolution (then SiLU; q and k L2-normalised); γ = exp(−exp(A_log)·softplus(α +
 * dt_bias)) and β = sigmoid(b) from a small projection. The output is RMS-normalised per head and
 * gated by SiLU(z).
 *
 * <p>One token runs the recurrence above. A batch (prefill) runs the chunked form: with Γₜ the product
 * of the decays up to t and S₀ the state before the chunk, every Sₜ = Γₜ·S₀ + Σ_{s≤t} (Γₜ/Γₛ)·kₛ·uₛᵀ,
 * where the uₜ solve the triangular system uₜ = βₜ·(vₜ − Γₜ·S₀ᵀkₜ − Σ_{s<t} (Γₜ/Γₛ)(kₜ·kₛ)·uₛ). Outputs
 * and the final state then come from matrix products over the chunk instead of a state update per
 * token. Both forms are tested equal.
 */
final class GatedDeltaNet {

    private final KernelBackend kernels;
    private final LinearAttention l;
    private final float eps;
    private final int keyDim;
    private final int channels;
    private final int ratio;
    /** Per token of the batch: convolution input, then (in place) q, k, v after convolution and SiLU. */
    private final float[] mixed;
    private final float[] z;
    private final float[] betaAlpha;
    private final float[] beta;
    private final float[] logDecay;
    private final float[] heads;
    private final double[] u;
    private final double[] cumulative;
    /** The token's convolution input, kept while its row of {@link #mixed} is overwritten by the output. */
    private final float[] current;

    GatedDeltaNet(ArchitectureSpec spec, KernelBackend kernels, int maxBatch) {
        this.kernels = kernels;
        this.l = spec.linearAttention();
        this.eps = (float) spec.norm().eps();
        this.keyDim = l.keyHeads() * l.keyHeadDim();
        this.channels = l.convChannels();
        this.ratio = l.valueHeads() / l.keyHeads();
        this.mixed = new float[maxBatch * channels];
        this.z = new float[maxBatch * l.valueHeads() * l.valueHeadDim()];
        this.betaAlpha = new float[maxBatch * 2 * l.valueHeads()];
        this.beta = new float[maxBatch * l.valueHeads()];
        this.logDecay = new float[maxBatch * l.valueHeads()];
        this.heads = new float[maxBatch * l.valueHeads() * l.valueHeadDim()];
        this.u = new double[maxBatch * l.valueHeadDim()];
        this.cumulative = new double[maxBatch];
        this.current = new float[channels];
    }

    /**
     * Runs the batch's rows (rows of the hidden size in {@code x}) through layer {@code layer}, updating each
     * row's sequence state, and writes each row's output over its row of {@code out}. A sequence with one row in
     * the batch runs the recurrence, one with several the chunked form over its rows.
     */
    void apply(DeltaNetWeights w, int layer, float[] x, StepRows rows, float[] out) {
        int count = rows.count;
        int hidden = w.qkv().columns();
        kernels.multiply(w.qkv(), x, hidden, count, mixed, channels);
        kernels.multiply(w.outputGate(), x, hidden, count, z, l.valueHeads() * l.valueHeadDim());
        kernels.multiply(w.betaAlpha(), x, hidden, count, betaAlpha, 2 * l.valueHeads());
        for (int t = 0; t < count; t++) {
            convolve(w.convolution(), rows.memories[t].state(layer).convolution(), t);
            gates(w, t);
        }
        for (int segment = 0; segment < rows.segments; segment++) {
            RecurrentState memory = rows.segmentMemory(segment).state(layer);
            int from = rows.segmentStart[segment];
            int length = rows.segmentLength[segment];
            for (int h = 0; h < l.valueHeads(); h++) {
                if (length == 1) {
                    recurrentStep(memory.state(), h, from);
                } else {
                    chunk(memory.state(), h, from, length);
                }
            }
        }
        int vd = l.valueHeadDim();
        int width = l.valueHeads() * vd;
        for (int t = 0; t < count; t++) {
            for (int h = 0; h < l.valueHeads(); h++) {
                int o = t * width + h * vd;
                kernels.rmsNorm(heads, o, vd, w.norm(), eps);
                for (int j = 0; j < vd; j++) {
                    float gate = z[o + j];
                    heads[o + j] *= gate / (1f + (float) Math.exp(-gate));
                }
            }
        }
        kernels.multiply(w.output(), heads, width, count, out, hidden);
    }

    /** Depthwise causal convolution of token t over the remembered inputs, SiLU, q/k L2 norm; shifts the memory. */
    private void convolve(float[] kernel, float[] previous, int t) {
        int width = l.convKernel();
        int row = t * channels;
        System.arraycopy(mixed, row, current, 0, channels);
        for (int c = 0; c < channels; c++) {
            float sum = kernel[c * width + width - 1] * current[c];
            for (int i = 0; i < width - 1; i++) {
                sum += kernel[c * width + i] * previous[i * channels + c];
            }
            mixed[row + c] = sum / (1f + (float) Math.exp(-sum));
        }
        System.arraycopy(previous, channels, previous, 0, (width - 2) * channels);
        System.arraycopy(current, 0, previous, (width - 2) * channels, channels);
        int kd = l.keyHeadDim();
        for (int head = 0; head < 2 * l.keyHeads(); head++) {
            l2Normalize(mixed, row + head * kd, kd);
        }
    }

    private void gates(DeltaNetWeights w, int t) {
        for (int h = 0; h < l.valueHeads(); h++) {
            int group = t * 2 * l.valueHeads() + (h / ratio) * 2 * ratio;
            beta[t * l.valueHeads() + h] = (float) (1 / (1 + Math.exp(-betaAlpha[group + h % ratio])));
            double alpha = betaAlpha[group + ratio + h % ratio] + w.dtBias()[h];
            logDecay[t * l.valueHeads() + h] = (float) (w.decay()[h] * softplus(alpha));
        }
    }

    /** The recurrence for row {@code t} and value head h; the state is value-row-major. */
    private void recurrentStep(float[] s, int h, int t) {
        int kd = l.keyHeadDim();
        int vd = l.valueHeadDim();
        int q = t * channels + (h / ratio) * kd;
        int k = q + keyDim;
        int v = t * channels + 2 * keyDim + h * vd;
        float decay = (float) Math.exp(logDecay[t * l.valueHeads() + h]);
        float b = beta[t * l.valueHeads() + h];
        int outRow = t * l.valueHeads() * vd;
        float scale = (float) (1 / Math.sqrt(vd));
        int base = h * vd * kd;
        for (int j = 0; j < vd; j++) {
            int row = base + j * kd;
            float recalled = 0;
            for (int i = 0; i < kd; i++) {
                s[row + i] *= decay;
                recalled += s[row + i] * mixed[k + i];
            }
            float delta = (mixed[v + j] - recalled) * b;
            float read = 0;
            for (int i = 0; i < kd; i++) {
                s[row + i] += mixed[k + i] * delta;
                read += s[row + i] * mixed[q + i];
            }
            heads[outRow + h * vd + j] = read * scale;
        }
    }

    /** The chunked form over rows {@code from} to {@code from + count} for value head h (float64 inside the chunk). */
    private void chunk(float[] s, int h, int from, int count) {
        int kd = l.keyHeadDim();
        int vd = l.valueHeadDim();
        int q0 = (h / ratio) * kd;
        int k0 = keyDim + q0;
        int v0 = 2 * keyDim + h * vd;
        int base = h * vd * kd;
        double scale = 1 / Math.sqrt(vd);
        double log = 0;
        for (int t = 0; t < count; t++) {
            log += logDecay[(from + t) * l.valueHeads() + h];
            cumulative[t] = log;
        }
        for (int t = 0; t < count; t++) {
            int kt = (from + t) * channels + k0;
            double gammaT = Math.exp(cumulative[t]);
            for (int j = 0; j < vd; j++) {
                double recalled = 0;
                for (int i = 0; i < kd; i++) {
                    recalled += s[base + j * kd + i] * mixed[kt + i];
                }
                u[t * vd + j] = mixed[(from + t) * channels + v0 + j] - gammaT * recalled;
            }
            for (int r = 0; r < t; r++) {
                double coefficient = Math.exp(cumulative[t] - cumulative[r]) * dot(kt, (from + r) * channels + k0, kd);
                for (int j = 0; j < vd; j++) {
                    u[t * vd + j] -= coefficient * u[r * vd + j];
                }
            }
            double b = beta[(from + t) * l.valueHeads() + h];
            for (int j = 0; j < vd; j++) {
                u[t * vd + j] *= b;
            }
        }
        for (int t = 0; t < count; t++) {
            int qt = (from + t) * channels + q0;
            double gammaT = Math.exp(cumulative[t]);
            for (int j = 0; j < vd; j++) {
                double read = 0;
                for (int i = 0; i < kd; i++) {
                    read += s[base + j * kd + i] * mixed[qt + i];
                }
                heads[(from + t) * l.valueHeads() * vd + h * vd + j] = (float) (gammaT * read * scale);
            }
            for (int r = 0; r <= t; r++) {
                double coefficient = Math.exp(cumulative[t] - cumulative[r]) * dot(qt, (from + r) * channels + k0, kd) * scale;
                for (int j = 0; j < vd; j++) {
                    heads[(from + t) * l.valueHeads() * vd + h * vd + j] += (float) (coefficient * u[r * vd + j]);
                }
            }
        }
        double gammaEnd = Math.exp(cumulative[count - 1]);
        for (int j = 0; j < vd; j++) {
            for (int i = 0; i < kd; i++) {
                double value = gammaEnd * s[base + j * kd + i];
                for (int r = 0; r < count; r++) {
                    value += Math.exp(cumulative[count - 1] - cumulative[r]) * mixed[(from + r) * channels + k0 + i] * u[r * vd + j];
                }
                s[base + j * kd + i] = (float) value;
            }
        }
    }

    private double dot(int a, int b, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += (double) mixed[a + i] * mixed[b + i];
        }
        return sum;
    }


    private void l2Normalize(float[] v, int offset, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += (double) v[offset + i] * v[offset + i];
        }
        float scale = (float) (1 / Math.max(Math.sqrt(sum), eps));
        for (int i = 0; i < n; i++) {
            v[offset + i] *= scale;
        }
    }

    private static double softplus(double v) {
        return v > 20 ? v : Math.log1p(Math.exp(v));
    }
}
