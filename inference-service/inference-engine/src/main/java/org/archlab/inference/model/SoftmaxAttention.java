package org.archlab.inference.model;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Attention;
import org.archlab.architecture.spec.LayerPlan;
import org.archlab.architecture.spec.Mixer;
import org.archlab.architecture.spec.QkNorm;
import org.archlab.inference.cache.LayerCache;
import org.archlab.inference.kernels.AttentionStep;
import org.archlab.inference.kernels.KernelBackend;
import org.archlab.inference.kernels.RotaryTable;

/**
 * Softmax attention over a batch of tokens, up to the attended heads (the output projection stays with the
 * block): q, k and v from separate or fused projections (with biases, and Qwen3-Next's output gate interleaved
 * with the queries), QK-norm per head or per layer (or Llama 4's weightless norm after RoPE), a weightless
 * per-head RMS norm of the values where the spec asks for one (Gemma 3n), RoPE with the local or global table,
 * the cache store, and the attention kernel with window, chunk, scale, score soft-cap and sinks.
 *
 * <p>A layer that shares another layer's KV cache ({@link LayerPlan#kvSharedFrom()}) projects only its
 * queries and attends to the keys and values its source layer stored; its own k and v weights, if the
 * checkpoint has any, are never read.
 */
final class SoftmaxAttention {

    private final KernelBackend kernels;
    private final Attention a;
    private final int hidden;
    private final float eps;
    private final RotaryTable globalRope;
    private final RotaryTable localRope;
    private final float queryScale;
    private final float softcap;
    private final int qSize;
    private final int kSize;
    private final int vSize;
    private final float[] q;
    private final float[] k;
    private final float[] v;
    private final float[] qkv;
    private final float[] queryRow;
    private final float[] attentionRow;
    private final float[] queryAndGate;
    private final float[] outputGate;

    SoftmaxAttention(ArchitectureSpec spec, KernelBackend kernels, int maxBatch, RotaryTable globalRope, RotaryTable localRope) {
        this.kernels = kernels;
        this.a = spec.attention();
        this.hidden = spec.hiddenSize();
        this.eps = (float) spec.norm().eps();
        this.globalRope = globalRope;
        this.localRope = localRope;
        this.queryScale = a.queryScale() != null ? a.queryScale().floatValue() : (float) (1 / Math.sqrt(a.headDim()));
        this.softcap = a.logitSoftcap() == null ? 0f : a.logitSoftcap().floatValue();
        this.qSize = a.heads() * a.headDim();
        this.kSize = a.kvHeads() * a.headDim();
        this.vSize = a.kvHeads() * a.valueHeadDim();
        this.q = new float[maxBatch * qSize];
        this.k = new float[maxBatch * kSize];
        this.v = new float[maxBatch * vSize];
        this.qkv = new float[q.length + k.length + v.length];
        this.queryRow = new float[qSize];
        this.attentionRow = new float[a.heads() * a.valueHeadDim()];
        this.queryAndGate = a.outputGate() ? new float[2 * q.length] : null;
        this.outputGate = a.outputGate() ? new float[q.length] : null;
    }

    /** Width of one token's attended heads in {@code out}. */
    int outputSize() {
        return a.heads() * a.valueHeadDim();
    }

    /**
     * Attends the batch's rows (rows of {@code x}, normed, {@code hidden} apart), each at its own position in its
     * own sequence, and writes their attended heads to {@code out}, {@link #outputSize()} apart.
     *
     * @param keys per segment of {@code rows}: where its sequence's keys and values go and come from
     */
    void attend(LayerPlan plan, LayerWeights w, float[] x, StepRows rows, KvSlots[] keys, float[] out) {
        boolean shared = !plan.ownsCache();
        int count = rows.count;
        project(w, x, count, shared);
        int attentionSize = outputSize();
        for (int t = 0; t < count; t++) {
            int position = rows.positions[t];
            KvSlots slots = keys[rows.segmentOfRow[t]];
            normalizeQueriesAndKeys(w, t * qSize, t * kSize, shared);
            if (a.normalizesValues() && !shared) {
                unitRms(v, t * vSize, a.kvHeads(), a.valueHeadDim());
            }
            if (plan.rope() && globalRope != null) {
                RotaryTable table = plan.mixer() == Mixer.SLIDING ? localRope : globalRope;
                kernels.rope(q, t * qSize, a.heads(), a.headDim(), table, position);
                if (!shared) {
                    kernels.rope(k, t * kSize, a.kvHeads(), a.headDim(), table, position);
                }
                if (a.qkNorm() == QkNorm.L2) {
                    // Llama 4: an unweighted per-head RMS norm of the rotated q and k, on RoPE layers only.
                    unitRms(q, t * qSize, a.heads(), a.headDim());
                    if (!shared) {
                        unitRms(k, t * kSize, a.kvHeads(), a.headDim());
                    }
                }
            }
            // Store then attend token by token: a ring buffer may not hold a sequence's whole chunk.
            if (!shared) {
                slots.store(position, k, t * kSize, v, t * vSize);
            }
            System.arraycopy(q, t * qSize, queryRow, 0, qSize);
            kernels.attention(new AttentionStep(queryRow, a.heads(), slots.read(), position,
                    plan.mixer() == Mixer.SLIDING ? a.slidingWindow() : 0,
                    plan.mixer() == Mixer.CHUNKED ? a.chunkSize() : 0,
                    queryScale, softcap, w.sinks(), attentionRow));
            if (a.outputGate()) {
                for (int i = 0; i < attentionSize; i++) {
                    attentionRow[i] *= (float) (1 / (1 + Math.exp(-outputGate[t * qSize + i])));
                }
            }
            System.arraycopy(attentionRow, 0, out, t * attentionSize, attentionSize);
        }
    }

    /** q (and the output gate), k and v of every token, biases added; only q when the layer shares its cache. */
    private void project(LayerWeights w, float[] x, int count, boolean queriesOnly) {
        if (w.qkv() != null) {
            int fused = qSize + kSize + vSize;
            kernels.multiply(w.qkv(), x, hidden, count, qkv, fused);
            for (int t = 0; t < count; t++) {
                addBias(qkv, t * fused, w.qkvBias(), fused);
                System.arraycopy(qkv, t * fused, q, t * qSize, qSize);
                System.arraycopy(qkv, t * fused + qSize, k, t * kSize, kSize);
                System.arraycopy(qkv, t * fused + qSize + kSize, v, t * vSize, vSize);
            }
            return;
        }
        if (a.outputGate()) {
            // Qwen3-Next: each head's query is followed by its output gate in the same projection.
            kernels.multiply(w.q(), x, hidden, count, queryAndGate, 2 * qSize);
            for (int t = 0; t < count; t++) {
                for (int head = 0; head < a.heads(); head++) {
                    int from = t * 2 * qSize + head * 2 * a.headDim();
                    System.arraycopy(queryAndGate, from, q, t * qSize + head * a.headDim(), a.headDim());
                    System.arraycopy(queryAndGate, from + a.headDim(), outputGate, t * qSize + head * a.headDim(), a.headDim());
                }
            }
        } else {
            kernels.multiply(w.q(), x, hidden, count, q, qSize);
        }
        for (int t = 0; t < count; t++) {
            addBias(q, t * qSize, w.qBias(), qSize);
        }
        if (queriesOnly) {
            return;
        }
        kernels.multiply(w.k(), x, hidden, count, k, kSize);
        kernels.multiply(w.v(), x, hidden, count, v, vSize);
        for (int t = 0; t < count; t++) {
            addBias(k, t * kSize, w.kBias(), kSize);
            addBias(v, t * vSize, w.vBias(), vSize);
        }
    }

    private void normalizeQueriesAndKeys(LayerWeights w, int qOffset, int kOffset, boolean queriesOnly) {
        if (a.qkNorm() == QkNorm.PER_HEAD) {
            for (int head = 0; head < a.heads(); head++) {
                kernels.rmsNorm(q, qOffset + head * a.headDim(), a.headDim(), w.qNorm(), eps);
            }
            for (int head = 0; head < a.kvHeads() && !queriesOnly; head++) {
                kernels.rmsNorm(k, kOffset + head * a.headDim(), a.headDim(), w.kNorm(), eps);
            }
        } else if (a.qkNorm() == QkNorm.PER_LAYER) {
            kernels.rmsNorm(q, qOffset, qSize, w.qNorm(), eps);
            if (!queriesOnly) {
                kernels.rmsNorm(k, kOffset, kSize, w.kNorm(), eps);
            }
        }
    }

    private void unitRms(float[] values, int offset, int heads, int headDim) {
        for (int head = 0; head < heads; head++) {
            kernels.rmsNorm(values, offset + head * headDim, headDim, null, eps);
        }
    }

    private static void addBias(float[] values, int offset, float[] bias, int n) {
        if (bias != null) {
            for (int i = 0; i < n; i++) {
                values[offset + i] += bias[i];
            }
        }
    }

    /**
     * Where one layer's keys and values are stored and read. A layer with a cache of its own stores into it (and
     * into a staging copy when a KV-sharing layer reads it, see {@link SharedKvStaging}) and reads it; a layer that
     * shares another's cache stores nothing and reads its source's.
     *
     * @param own     the layer's cache, or null when it shares another's
     * @param staging a second store for the keys and values of the batch, or null
     * @param read    the cache the queries attend to
     */
    record KvSlots(LayerCache own, LayerCache staging, LayerCache read) {

        static KvSlots own(LayerCache cache) {
            return new KvSlots(cache, null, cache);
        }

        void store(int position, float[] keys, int kOffset, float[] values, int vOffset) {
            own.store(position, keys, kOffset, values, vOffset);
            if (staging != null) {
                staging.store(position, keys, kOffset, values, vOffset);
            }
        }
    }
}
