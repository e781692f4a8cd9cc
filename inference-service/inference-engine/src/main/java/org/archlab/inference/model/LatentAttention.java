package org.archlab.inference.model;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.inference.cache.LayerCache;
import org.archlab.inference.kernels.AttentionStep;
import org.archlab.inference.kernels.KernelBackend;
import org.archlab.inference.kernels.RotaryTable;
import org.archlab.inference.tensor.Dequantize;

/**
 * Multi-head latent attention over a step's rows: the query and KV-latent projections are matmuls over all rows
 * (each weight read once per step), the cache store and attention per row against its own sequence's cache. The cache holds only the normalised KV latent and the
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
    private final int hidden;
    private final int querySize;
    /** Per row: the query's low-rank latent, the query heads, the KV latent with its RoPE key. */
    private final float[] queryLatent;
    private final float[] query;
    private final float[] kv;
    /** One row's query heads, for the naive path. */
    private final float[] queryHeads;
    private final float[] queryRow;
    private final float[] attended;
    private boolean naive;

    LatentAttention(ArchitectureSpec spec, KernelBackend kernels, int maxBatch) {
        var mla = spec.attention().mla();
        this.kernels = kernels;
        this.heads = spec.attention().heads();
        this.latent = mla.kvLoraRank();
        this.nope = mla.qkNopeHeadDim();
        this.rope = mla.qkRopeHeadDim();
        this.valueDim = mla.valueHeadDim();
        this.eps = (float) spec.norm().eps();
        this.scale = (float) (1 / Math.sqrt(nope + rope));
        this.hidden = spec.hiddenSize();
        this.querySize = heads * (nope + rope);
        this.queryLatent = new float[maxBatch * Math.max(1, mla.queryLoraRank())];
        this.query = new float[maxBatch * querySize];
        this.kv = new float[maxBatch * (latent + rope)];
        this.queryHeads = new float[querySize];
        this.queryRow = new float[heads * (latent + rope)];
        this.attended = new float[heads * latent];
    }

    /** Tests switch to the definition to check the absorbed path against it. */
    void useNaivePath(boolean naive) {
        this.naive = naive;
    }

    /**
     * Attends the step's rows ({@code x}, {@code hidden} apart), each at its position against its sequence's latent
     * cache of layer {@code layer}, and writes every head's value to {@code out}, {@code heads × valueDim} apart.
     */
    void attend(LatentAttentionWeights w, float[] x, StepRows rows, int layer, RotaryTable table, float[] out) {
        int count = rows.count;
        if (w.queryDown() != null) {
            int rank = w.queryDown().rows();
            kernels.multiply(w.queryDown(), x, hidden, count, queryLatent, rank);
            for (int t = 0; t < count; t++) {
                kernels.rmsNorm(queryLatent, t * rank, rank, w.queryNorm(), eps);
            }
            kernels.multiply(w.queryUp(), queryLatent, rank, count, query, querySize);
        } else {
            kernels.multiply(w.queryUp(), x, hidden, count, query, querySize);
        }
        int kvWidth = latent + rope;
        kernels.multiply(w.kvDown(), x, hidden, count, kv, kvWidth);
        int outWidth = heads * valueDim;
        for (int t = 0; t < count; t++) {
            attendRow(w, t * querySize, t * kvWidth, rows.memories[t].cache(layer), table, rows.positions[t], out, t * outWidth);
        }
    }

    private void attendRow(LatentAttentionWeights w, int q, int k, LayerCache cache, RotaryTable table, int position,
                           float[] out, int outOffset) {
        kernels.rmsNorm(kv, k, latent, w.kvNorm(), eps);
        kernels.rope(kv, k + latent, 1, rope, table, position);
        for (int h = 0; h < heads; h++) {
            kernels.rope(query, q + h * (nope + rope) + nope, 1, rope, table, position);
        }
        cache.store(position, kv, k, null, 0);
        if (naive) {
            System.arraycopy(query, q, queryHeads, 0, querySize);
            attendExpanded(w, cache, position, out, outOffset);
            return;
        }
        for (int h = 0; h < heads; h++) {
            int row = h * (latent + rope);
            kernels.matvec(w.keyUp()[h], 0, latent, query, q + h * (nope + rope), queryRow, row);
            System.arraycopy(query, q + h * (nope + rope) + nope, queryRow, row + latent, rope);
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
            cache.readKey(t, 0, c, 0);
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
        kernels.attention(new AttentionStep(queryHeads, heads, expanded, position, 0, 0, scale, 0, null, attendedValues));
        System.arraycopy(attendedValues, 0, out, outOffset, heads * valueDim);
    }
}
