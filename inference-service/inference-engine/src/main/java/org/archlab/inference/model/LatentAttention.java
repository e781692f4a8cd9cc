package org.archlab.inference.model;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.inference.cache.LayerCache;
import org.archlab.inference.kernels.AttentionStep;
import org.archlab.inference.kernels.KernelBackend;
import org.archlab.inference.kernels.RotaryTable;
import org.archlab.inference.tensor.Dequantize;

/**
 * Multi-head latent attention for one token. The cache holds only the normalised KV latent and the
 * decoupled RoPE key. Decode uses weight absorption: each head's no-RoPE query is mapped into latent
 * space by its key up-projection, so scores are taken against the latent directly and the value
 * up-projection is applied once to each head's attended latent. The naive path (kept to be tested
 * equal) expands every cached latent into per-head keys and values first, as the model is defined.
 */
final class LatentAttention {

    private final KernelBackend kernels;
    private final int heads;
    private final int latent;
    private final int nope;
    private final int rope;
    private final int valueDim;
    private final float eps;
    private final float scale;
    private final float[] queryLatent;
    private final float[] query;
    private final float[] kv;
    private final float[] queryRow;
    private final float[] attended;
    private boolean naive;

    LatentAttention(ArchitectureSpec spec, KernelBackend kernels) {
        var mla = spec.attention().mla();
        this.kernels = kernels;
        this.heads = spec.attention().heads();
        this.latent = mla.kvLoraRank();
        this.nope = mla.qkNopeHeadDim();
        this.rope = mla.qkRopeHeadDim();
        this.valueDim = mla.valueHeadDim();
        this.eps = (float) spec.norm().eps();
        this.scale = (float) (1 / Math.sqrt(nope + rope));
        this.queryLatent = new float[Math.max(1, mla.queryLoraRank())];
        this.query = new float[heads * (nope + rope)];
        this.kv = new float[latent + rope];
        this.queryRow = new float[heads * (latent + rope)];
        this.attended = new float[heads * latent];
    }

    /** Tests switch to the definition to check the absorbed path against it. */
    void useNaivePath(boolean naive) {
        this.naive = naive;
    }

    /** Attends token {@code x[xOffset..]} at {@code position} and writes every head's value to {@code out[outOffset..]}. */
    void attend(LatentAttentionWeights w, float[] x, int xOffset, LayerCache cache, RotaryTable table, int position,
                float[] out, int outOffset) {
        if (w.queryDown() != null) {
            kernels.matvec(w.queryDown(), 0, w.queryDown().rows(), x, xOffset, queryLatent, 0);
            kernels.rmsNorm(queryLatent, 0, w.queryDown().rows(), w.queryNorm(), eps);
            kernels.matvec(w.queryUp(), 0, w.queryUp().rows(), queryLatent, 0, query, 0);
        } else {
            kernels.matvec(w.queryUp(), 0, w.queryUp().rows(), x, xOffset, query, 0);
        }
        kernels.matvec(w.kvDown(), 0, w.kvDown().rows(), x, xOffset, kv, 0);
        kernels.rmsNorm(kv, 0, latent, w.kvNorm(), eps);
        kernels.rope(kv, latent, 1, rope, table, position);
        for (int h = 0; h < heads; h++) {
            kernels.rope(query, h * (nope + rope) + nope, 1, rope, table, position);
        }
        cache.store(position, kv, 0, null, 0);
        if (naive) {
            attendExpanded(w, cache, position, out, outOffset);
            return;
        }
        for (int h = 0; h < heads; h++) {
            int row = h * (latent + rope);
            kernels.matvec(w.keyUp()[h], 0, latent, query, h * (nope + rope), queryRow, row);
            System.arraycopy(query, h * (nope + rope) + nope, queryRow, row + latent, rope);
        }
        kernels.attention(new AttentionStep(queryRow, heads, cache, position, 0, 0, scale, 0, null, attended));
        for (int h = 0; h < heads; h++) {
            kernels.matvec(w.valueUp()[h], 0, valueDim, attended, h * latent, out, outOffset + h * valueDim);
        }
    }

    /** The definition: every cached latent becomes each head's key [W_kᵀ·c, k_pe] and value W_v·c. */
    private void attendExpanded(LatentAttentionWeights w, LayerCache cache, int position, float[] out, int outOffset) {
        int positions = position + 1;
        var expanded = new LayerCache(positions, heads, nope + rope, valueDim);
        float[][] keyUp = new float[heads][];
        for (int h = 0; h < heads; h++) {
            keyUp[h] = Dequantize.all(w.keyUp()[h]);
        }
        float[] k = new float[heads * (nope + rope)];
        float[] v = new float[heads * valueDim];
        float[] c = new float[latent + rope];
        for (int t = 0; t < positions; t++) {
            System.arraycopy(cache.keys(), cache.keyOffset(t, 0), c, 0, latent + rope);
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < nope; i++) {
                    double sum = 0;
                    for (int j = 0; j < latent; j++) {
                        sum += (double) keyUp[h][j * nope + i] * c[j];
                    }
                    k[h * (nope + rope) + i] = (float) sum;
                }
                System.arraycopy(c, latent, k, h * (nope + rope) + nope, rope);
                kernels.matvec(w.valueUp()[h], 0, valueDim, c, 0, v, h * valueDim);
            }
            expanded.store(t, k, 0, v, 0);
        }
        float[] attendedValues = new float[heads * valueDim];
        kernels.attention(new AttentionStep(query, heads, expanded, position, 0, 0, scale, 0, null, attendedValues));
        System.arraycopy(attendedValues, 0, out, outOffset, heads * valueDim);
    }
}
