package org.archlab.inference.model;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.inference.kernels.KernelBackend;
import org.archlab.inference.tensor.Dequantize;

import java.util.Arrays;

/**
 * Per-layer inputs (Gemma 3n's PLE). Before the first layer, each token gets one small vector per layer:
 * {@code (rms(P_l · x / √hidden, projectionNorm) + table[token]_l · √width) / √2}, where x is the scaled input
 * embedding, P_l the layer's slice of the model projection and table[token]_l the layer's slice of the token's
 * row. Tokens past the table's rows (a vocabulary larger than the table) get only the projected part. After
 * layer l, the layer's vector gates a contribution {@code rms(proj · (gelu(gate · y) ⊙ v_l), postNorm)} computed
 * from the layer's output y; the caller adds it where the model adds it (Gemma 3n: to every inactive residual
 * stream, see {@link ParallelResidualStreams}; a model with a single stream: to the residual).
 */
final class PerLayerInputBlock {

    private static final float INVERSE_SQRT_2 = (float) (1 / Math.sqrt(2));

    private final KernelBackend kernels;
    private final int hidden;
    private final int width;
    private final int layers;
    private final float eps;
    /** Per token of the batch, every layer's vector: layers·width values. */
    private final float[] inputs;
    private final float[] tableRow;
    private final float[] gate;
    private final float[] out;

    PerLayerInputBlock(ArchitectureSpec spec, KernelBackend kernels, int maxBatch) {
        this.kernels = kernels;
        this.hidden = spec.hiddenSize();
        this.width = spec.perLayerInputs().width();
        this.layers = spec.layers();
        this.eps = (float) spec.norm().eps();
        this.inputs = new float[maxBatch * layers * width];
        this.tableRow = new float[layers * width];
        this.gate = new float[maxBatch * width];
        this.out = new float[maxBatch * hidden];
    }

    /** Computes the batch's per-layer vectors from its tokens and their scaled input embeddings {@code x}. */
    void prepare(PerLayerInputWeights w, int[] tokens, int from, int count, float[] x) {
        int all = layers * width;
        kernels.multiply(w.modelProjection(), x, hidden, count, inputs, all);
        float projectionScale = (float) (1 / Math.sqrt(hidden));
        float tableScale = (float) Math.sqrt(width);
        for (int t = 0; t < count; t++) {
            int token = tokens[from + t];
            if (token < w.tokenTable().rows()) {
                Dequantize.row(w.tokenTable(), token, tableRow, 0);
            } else {
                Arrays.fill(tableRow, 0f);
            }
            for (int l = 0; l < layers; l++) {
                int offset = t * all + l * width;
                for (int i = 0; i < width; i++) {
                    inputs[offset + i] *= projectionScale;
                }
                kernels.rmsNorm(inputs, offset, width, w.projectionNorm(), eps);
                for (int i = 0; i < width; i++) {
                    inputs[offset + i] = (inputs[offset + i] + tableRow[l * width + i] * tableScale) * INVERSE_SQRT_2;
                }
            }
        }
    }

    /** Layer {@code layer}'s contribution for {@code count} rows of {@code y}; valid until the next call. */
    float[] contribution(int layer, PerLayerGateWeights w, float[] y, int count) {
        kernels.multiply(w.gate(), y, hidden, count, gate, width);
        kernels.gelu(gate, count * width);
        int all = layers * width;
        for (int t = 0; t < count; t++) {
            for (int i = 0; i < width; i++) {
                gate[t * width + i] *= inputs[t * all + layer * width + i];
            }
        }
        kernels.multiply(w.projection(), gate, width, count, out, hidden);
        for (int t = 0; t < count; t++) {
            kernels.rmsNorm(out, t * hidden, hidden, w.postNorm(), eps);
        }
        return out;
    }
}
