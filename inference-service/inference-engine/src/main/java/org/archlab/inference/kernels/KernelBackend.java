package org.archlab.inference.kernels;

import org.archlab.inference.cache.KvCacheType;
import org.archlab.inference.tensor.WeightTensor;

/**
 * The seam between the model and the hardware: the model calls these kernels and never loops over
 * weights itself. Activations are float arrays; weights stay in their storage format and are
 * dequantized inside the kernels. Implementations: the JVM backend (Vector API, all cores), and
 * TornadoVM where its runtime is present.
 */
public interface KernelBackend extends AutoCloseable {

    /** Short name for metrics, e.g. {@code jvm}. */
    String name();

    /** What it runs on, e.g. {@code Vector API 512-bit, 2 threads}. */
    String device();

    /** out[r] = Σ_c W[r, c] · x[c] for each of {@code rows} rows from {@code firstRow} (of the stacked rows of w). */
    void matvec(WeightTensor w, int firstRow, int rows, float[] x, int xOffset, float[] out, int outOffset);

    /** out = W · x over every row. */
    default void matvec(WeightTensor w, float[] x, float[] out) {
        matvec(w, 0, w.rows(), x, 0, out, 0);
    }

    /**
     * Batched out = W · x for a prompt: token t's input is {@code x[t·xStride …]} and its output row
     * {@code out[t·outStride …]}. Each weight row is read once for all tokens.
     */
    void matmul(WeightTensor w, float[] x, int xStride, int tokens, float[] out, int outStride);

    /** W times {@code tokens} inputs: a matrix-vector product for one token (decode), the batched matmul for several. */
    default void multiply(WeightTensor w, float[] x, int xStride, int tokens, float[] out, int outStride) {
        if (tokens == 1) {
            matvec(w, 0, w.rows(), x, 0, out, 0);
        } else {
            matmul(w, x, xStride, tokens, out, outStride);
        }
    }

    /** RMSNorm in place of {@code size} values from {@code offset}: x · w / sqrt(mean(x²) + eps); {@code w} may be null. */
    void rmsNorm(float[] x, int offset, int size, float[] weight, float eps);

    /** LayerNorm in place: (x − mean) / sqrt(var + eps) · w + b. */
    void layerNorm(float[] x, int offset, int size, float[] weight, float[] bias, float eps);

    /** Rotates {@code heads} consecutive heads of {@code v} (from {@code offset}) for one position. */
    void rope(float[] v, int offset, int heads, int headDim, RotaryTable table, int position);

    /** Attention of one query token over a layer's cached keys and values, all heads. */
    void attention(AttentionStep step);

    /**
     * Whether {@link #attention} reads caches that keep their keys and values in this format. A backend reads F32
     * caches at least; the JVM backend reads every {@link KvCacheType}.
     */
    default boolean attendsOver(KvCacheType type) {
        return type == KvCacheType.F32;
    }

    /** gate ← act(gate) · up over {@code n} values, for the gated activations. */
    void gatedActivation(GatedActivation activation, float[] gate, float[] up, int n);

    /** x ← gelu_tanh(x). */
    void gelu(float[] x, int n);

    @Override
    void close();
}
