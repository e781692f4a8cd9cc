package org.archlab.inference.model;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Attention;
import org.archlab.architecture.spec.LayerPlan;
import org.archlab.architecture.spec.LinearAttention;
import org.archlab.architecture.spec.Mixer;
import org.archlab.architecture.spec.NormKind;
import org.archlab.architecture.spec.QkNorm;
import org.archlab.inference.cache.ContextMemory;
import org.archlab.inference.cache.LayerCache;
import org.archlab.inference.cache.RecurrentState;
import org.archlab.inference.kernels.AttentionStep;
import org.archlab.inference.kernels.KernelBackend;
import org.archlab.inference.kernels.RotaryTable;
import org.archlab.inference.tensor.Dequantize;
import org.archlab.inference.tensor.WeightTensor;

import java.util.List;
import java.util.Optional;

/**
 * One generic decoder-only transformer, assembled from a spec: each block's mixer, positions and FFN
 * come from the layer schedule, its norms from the placement, its quirks (QK-norm, sinks, soft-caps,
 * embedding scale) from the spec's switches — never from a per-vendor class. This part covers the
 * dense family with softmax attention; it computes one token per call against the KV cache.
 */
public final class Transformer implements AutoCloseable {

    private final ArchitectureSpec spec;
    private final ModelWeights weights;
    private final KernelBackend kernels;
    private final List<LayerPlan> plans;
    private final ContextMemory memory;
    private final RotaryTable globalRope;
    private final RotaryTable localRope;
    private final State state;
    private final MixtureOfExpertsFfn experts;
    private final LatentAttention latentAttention;
    private final GatedDeltaNet deltaNet;
    private final int maxTokens;
    private final boolean neoxRope;
    /** Whether (and how) this model can run on a resident decoder; worked out on first use. */
    private Optional<DenseDecoderLayout> residentLayout;

    Transformer(ArchitectureSpec spec, ModelWeights weights, KernelBackend kernels, int maxTokens, boolean neoxRope) {
        this.spec = spec;
        this.weights = weights;
        this.kernels = kernels;
        this.maxTokens = maxTokens;
        this.neoxRope = neoxRope;
        this.plans = spec.layerPlans();
        this.memory = new ContextMemory(spec, maxTokens);
        Attention a = spec.attention();
        LinearAttention linear = spec.linearAttention();
        this.globalRope = spec.rope() == null ? null : Rotary.table(spec, false, neoxRope, weights.frequencyFactors());
        this.localRope = spec.rope() == null ? null : Rotary.table(spec, true, neoxRope, weights.frequencyFactors());
        this.state = new State(spec);
        this.experts = spec.hasMoe() ? new MixtureOfExpertsFfn(spec, kernels, State.MAX_BATCH) : null;
        this.latentAttention = a != null && a.isLatent() ? new LatentAttention(spec, kernels) : null;
        this.deltaNet = linear != null ? new GatedDeltaNet(spec, kernels, State.MAX_BATCH) : null;
    }

    /** Runs one token at a position (positions start at 0 and advance by one) and returns the logits. */
    public float[] forward(int token, int position) {
        return prefill(new int[]{token}, position, false)[0];
    }

    /**
     * Runs a sequence of tokens from {@code start}, in batches so each weight row is read once per batch,
     * and returns the logits of every token ({@code allLogits}) or of the last one only.
     */
    public float[][] prefill(int[] tokens, int start, boolean allLogits) {
        ResidentDecoder resident = residentDecoder();
        if (resident != null) {
            return prefillResident(resident, tokens, start, allLogits);
        }
        float[][] logits = new float[allLogits ? tokens.length : 1][];
        for (int from = 0; from < tokens.length; from += State.MAX_BATCH) {
            int count = Math.min(State.MAX_BATCH, tokens.length - from);
            runBatch(tokens, from, count, start + from);
            if (allLogits) {
                for (int t = 0; t < count; t++) {
                    logits[from + t] = head(t).clone();
                }
            } else if (from + count == tokens.length) {
                logits[0] = head(count - 1);
            }
        }
        return logits;
    }

    /**
     * The backend's own decoder for this model when it has one (a device-resident TornadoVM forward pass), else
     * null. Asked per call: the backend keeps one decoder at a time, so another context length replaces it.
     */
    private ResidentDecoder residentDecoder() {
        if (!(kernels instanceof ResidentDecoding backend)) {
            return null;
        }
        return denseLayout().flatMap(backend::residentDecoder).orElse(null);
    }

    /** This model as a plain dense pre-norm decoder, or empty when it is not one. */
    Optional<DenseDecoderLayout> denseLayout() {
        if (residentLayout == null) {
            residentLayout = DenseDecoderLayout.of(spec, weights, globalRope, localRope, maxTokens);
        }
        return residentLayout;
    }

    /** Through the resident decoder, as many tokens per step as it takes: their embedding rows in, logits out. */
    private float[][] prefillResident(ResidentDecoder resident, int[] tokens, int start, boolean allLogits) {
        if (start + tokens.length > maxTokens) {
            throw new IllegalArgumentException("positions up to " + (start + tokens.length) + " do not fit the "
                    + maxTokens + " this model's cache holds");
        }
        int h = spec.hiddenSize();
        int batch = Math.min(resident.maxTokensPerStep(), State.MAX_BATCH);
        float[][] logits = new float[allLogits ? tokens.length : 1][];
        for (int from = 0; from < tokens.length; from += batch) {
            int count = Math.min(batch, tokens.length - from);
            for (int t = 0; t < count; t++) {
                embed(tokens[from + t], start + from + t, state.x, t * h);
            }
            boolean last = from + count == tokens.length;
            float[][] stepLogits = resident.run(state.x, count, start + from, allLogits);
            if (allLogits) {
                for (int t = 0; t < count; t++) {
                    logits[from + t] = finishLogits(stepLogits[t]).clone();
                }
            } else if (last) {
                logits[0] = finishLogits(stepLogits[stepLogits.length - 1]);
            }
        }
        return logits;
    }

    /** A token's input row at a position: its embedding, scaled, plus a learned position's (GPT-2). */
    private void embed(int token, int position, float[] out, int offset) {
        int h = spec.hiddenSize();
        float scale = embeddingScale();
        Dequantize.row(weights.tokenEmbeddings(), token, out, offset);
        for (int i = 0; i < h; i++) {
            out[offset + i] *= scale;
        }
        if (weights.positionEmbeddings() != null) {
            if (position >= weights.positionEmbeddings().rows()) {
                throw new IllegalArgumentException("position " + position + " is past the "
                        + weights.positionEmbeddings().rows() + " positions this model learned");
            }
            Dequantize.row(weights.positionEmbeddings(), position, state.scratch, 0);
            for (int i = 0; i < h; i++) {
                out[offset + i] += state.scratch[i];
            }
        }
    }

    private void runBatch(int[] tokens, int from, int count, int firstPosition) {
        int h = spec.hiddenSize();
        for (int t = 0; t < count; t++) {
            embed(tokens[from + t], firstPosition + t, state.x, t * h);
        }
        if (firstPosition == 0) {
            memory.startSequence();
        }
        for (int i = 0; i < plans.size(); i++) {
            if (plans.get(i).mixer() == Mixer.LINEAR) {
                linearAttentionBlock(weights.layers().get(i), memory.state(i), count);
            } else {
                attentionBlock(plans.get(i), weights.layers().get(i), memory.cache(i), firstPosition, count);
            }
            ffnBlock(weights.layers().get(i), count);
        }
    }

    /** Final norm and output head for token row {@code t} of the last batch. */
    private float[] head(int t) {
        int h = spec.hiddenSize();
        System.arraycopy(state.x, t * h, state.xb, 0, h);
        norm(state.xb, 0, weights.outputNorm());
        kernels.matvec(weights.head(), 0, weights.head().rows(), state.xb, 0, state.logits, 0);
        return finishLogits(state.logits);
    }

    /** The output soft-cap and scale, in place. */
    private float[] finishLogits(float[] logits) {
        var output = spec.output();
        if (output.logitSoftcap() == null && output.logitScale() == null) {
            return logits;
        }
        for (int i = 0; i < logits.length; i++) {
            float logit = logits[i];
            if (output.logitSoftcap() != null) {
                logit = (float) (output.logitSoftcap() * Math.tanh(logit / output.logitSoftcap()));
            }
            if (output.logitScale() != null) {
                logit *= output.logitScale().floatValue();
            }
            logits[i] = logit;
        }
        return logits;
    }

    /** Gated DeltaNet: recurrent for one token, chunked for a batch; the residual is added as for attention. */
    private void linearAttentionBlock(LayerWeights w, RecurrentState memory, int count) {
        int h = spec.hiddenSize();
        float[] xb = state.xb;
        System.arraycopy(state.x, 0, xb, 0, count * h);
        for (int t = 0; t < count; t++) {
            norm(xb, t * h, w.attentionNorm());
        }
        deltaNet.apply(w.linear(), xb, count, memory, xb);
        add(state.x, xb, count * h);
    }

    private void attentionBlock(LayerPlan plan, LayerWeights w, LayerCache cache, int firstPosition, int count) {
        Attention a = spec.attention();
        int h = spec.hiddenSize();
        float[] xb = state.xb;
        System.arraycopy(state.x, 0, xb, 0, count * h);
        if (w.attentionNorm() != null) {
            for (int t = 0; t < count; t++) {
                norm(xb, t * h, w.attentionNorm());
            }
        }
        if (w.latent() != null) {
            int attentionSize = a.heads() * a.mla().valueHeadDim();
            for (int t = 0; t < count; t++) {
                latentAttention.attend(w.latent(), xb, t * h, cache, globalRope, firstPosition + t, state.attention, t * attentionSize);
            }
            finishAttention(w, attentionSize, count);
            return;
        }
        int qSize = a.heads() * a.headDim();
        int kSize = a.kvHeads() * a.headDim();
        int vSize = a.kvHeads() * a.valueHeadDim();
        if (w.qkv() != null) {
            int fused = qSize + kSize + vSize;
            kernels.multiply(w.qkv(), xb, h, count, state.qkv, fused);
            for (int t = 0; t < count; t++) {
                addBias(state.qkv, t * fused, w.qkvBias(), fused);
                System.arraycopy(state.qkv, t * fused, state.q, t * qSize, qSize);
                System.arraycopy(state.qkv, t * fused + qSize, state.k, t * kSize, kSize);
                System.arraycopy(state.qkv, t * fused + qSize + kSize, state.v, t * vSize, vSize);
            }
        } else {
            if (a.outputGate()) {
                // Qwen3-Next: each head's query is followed by its output gate in the same projection.
                kernels.multiply(w.q(), xb, h, count, state.queryAndGate, 2 * qSize);
                for (int t = 0; t < count; t++) {
                    for (int head = 0; head < a.heads(); head++) {
                        int from = t * 2 * qSize + head * 2 * a.headDim();
                        System.arraycopy(state.queryAndGate, from, state.q, t * qSize + head * a.headDim(), a.headDim());
                        System.arraycopy(state.queryAndGate, from + a.headDim(), state.outputGate, t * qSize + head * a.headDim(), a.headDim());
                    }
                }
            } else {
                kernels.multiply(w.q(), xb, h, count, state.q, qSize);
            }
            kernels.multiply(w.k(), xb, h, count, state.k, kSize);
            kernels.multiply(w.v(), xb, h, count, state.v, vSize);
            for (int t = 0; t < count; t++) {
                addBias(state.q, t * qSize, w.qBias(), qSize);
                addBias(state.k, t * kSize, w.kBias(), kSize);
                addBias(state.v, t * vSize, w.vBias(), vSize);
            }
        }
        float queryScale = a.queryScale() != null ? a.queryScale().floatValue() : (float) (1 / Math.sqrt(a.headDim()));
        float softcap = a.logitSoftcap() == null ? 0f : a.logitSoftcap().floatValue();
        int attentionSize = a.heads() * a.valueHeadDim();
        for (int t = 0; t < count; t++) {
            int position = firstPosition + t;
            normalizeQueriesAndKeys(a, w, t * qSize, t * kSize);
            if (plan.rope() && globalRope != null) {
                RotaryTable table = plan.mixer() == Mixer.SLIDING ? localRope : globalRope;
                kernels.rope(state.q, t * qSize, a.heads(), a.headDim(), table, position);
                kernels.rope(state.k, t * kSize, a.kvHeads(), a.headDim(), table, position);
                if (a.qkNorm() == QkNorm.L2) {
                    // Llama 4: an unweighted per-head RMS norm of the rotated q and k, on RoPE layers only.
                    unitRms(state.q, t * qSize, a.heads(), a.headDim());
                    unitRms(state.k, t * kSize, a.kvHeads(), a.headDim());
                }
            }
            // Store then attend token by token: a ring buffer may not hold the whole batch.
            cache.store(position, state.k, t * kSize, state.v, t * vSize);
            System.arraycopy(state.q, t * qSize, state.queryRow, 0, qSize);
            kernels.attention(new AttentionStep(state.queryRow, a.heads(), cache, position,
                    plan.mixer() == Mixer.SLIDING ? a.slidingWindow() : 0,
                    plan.mixer() == Mixer.CHUNKED ? a.chunkSize() : 0,
                    queryScale, softcap, w.sinks(), state.attentionRow));
            if (a.outputGate()) {
                for (int i = 0; i < attentionSize; i++) {
                    state.attentionRow[i] *= (float) (1 / (1 + Math.exp(-state.outputGate[t * qSize + i])));
                }
            }
            System.arraycopy(state.attentionRow, 0, state.attention, t * attentionSize, attentionSize);
        }
        finishAttention(w, attentionSize, count);
    }

    /** Output projection of the attended heads, bias, optional post-norm, residual add. */
    private void finishAttention(LayerWeights w, int attentionSize, int count) {
        int h = spec.hiddenSize();
        float[] xb = state.xb;
        kernels.multiply(w.output(), state.attention, attentionSize, count, xb, h);
        for (int t = 0; t < count; t++) {
            addBias(xb, t * h, w.outputBias(), h);
            if (w.postAttentionNorm() != null) {
                norm(xb, t * h, w.postAttentionNorm());
            }
        }
        add(state.x, xb, count * h);
    }

    /**
     * Continues as if {@code positions} tokens had already been processed, with synthetic (random) cached
     * keys, values and states: decode can then be timed at a long context without prefilling it. The next
     * token goes to position {@code positions}.
     */
    public void assumeContext(int positions, long seed) {
        if (residentDecoder() != null) {
            throw new UnsupportedOperationException("a synthetic context needs the engine's own KV cache; "
                    + kernels.name() + " keeps this model's cache on its device");
        }
        memory.fillSynthetic(positions, seed);
    }

    /**
     * Tokens each routed expert has processed since the model was built, summed over the MoE layers
     * (empty for a dense model): how evenly the router spreads the load.
     */
    public long[] tokensPerExpert() {
        return experts == null ? new long[0] : experts.tokensPerExpert();
    }

    /** Tests compare multi-head latent attention's absorbed path with its definition. */
    void useNaiveLatentAttention(boolean naive) {
        latentAttention.useNaivePath(naive);
    }

    private void unitRms(float[] v, int offset, int heads, int headDim) {
        for (int head = 0; head < heads; head++) {
            kernels.rmsNorm(v, offset + head * headDim, headDim, null, (float) spec.norm().eps());
        }
    }

    private void normalizeQueriesAndKeys(Attention a, LayerWeights w, int qOffset, int kOffset) {
        float eps = (float) spec.norm().eps();
        if (a.qkNorm() == QkNorm.PER_HEAD) {
            for (int head = 0; head < a.heads(); head++) {
                kernels.rmsNorm(state.q, qOffset + head * a.headDim(), a.headDim(), w.qNorm(), eps);
            }
            for (int head = 0; head < a.kvHeads(); head++) {
                kernels.rmsNorm(state.k, kOffset + head * a.headDim(), a.headDim(), w.kNorm(), eps);
            }
        } else if (a.qkNorm() == QkNorm.PER_LAYER) {
            kernels.rmsNorm(state.q, qOffset, a.heads() * a.headDim(), w.qNorm(), eps);
            kernels.rmsNorm(state.k, kOffset, a.kvHeads() * a.headDim(), w.kNorm(), eps);
        }
    }

    private void ffnBlock(LayerWeights w, int count) {
        int h = spec.hiddenSize();
        float[] xb = state.xb;
        System.arraycopy(state.x, 0, xb, 0, count * h);
        if (w.ffnNorm() != null) {
            for (int t = 0; t < count; t++) {
                norm(xb, t * h, w.ffnNorm());
            }
        }
        if (w.experts() != null) {
            experts.apply(w.experts(), xb, count, state.moeOut);
            System.arraycopy(state.moeOut, 0, xb, 0, count * h);
        } else {
            denseFfn(w, xb, count);
        }
        if (w.postFfnNorm() != null) {
            for (int t = 0; t < count; t++) {
                norm(xb, t * h, w.postFfnNorm());
            }
        }
        add(state.x, xb, count * h);
    }

    private void denseFfn(LayerWeights w, float[] xb, int count) {
        FeedForwardNetwork.apply(kernels, spec.feedForward().activation(), w.gate(), w.up(), w.down(), w.gateBias(),
                w.upBias(), w.downBias(), xb, count, state.gate, state.up, xb);
    }


    private void norm(float[] v, int offset, NormWeights n) {
        float eps = (float) spec.norm().eps();
        if (spec.norm().kind() == NormKind.LAYER) {
            kernels.layerNorm(v, offset, spec.hiddenSize(), n.weight(), n.bias(), eps);
        } else {
            kernels.rmsNorm(v, offset, spec.hiddenSize(), n.weight(), eps);
        }
    }

    private float embeddingScale() {
        float scale = spec.embeddings().scale() == null ? 1f : spec.embeddings().scale().floatValue();
        return spec.embeddings().scaleBySqrtHidden() ? scale * (float) Math.sqrt(spec.hiddenSize()) : scale;
    }

    private static void addBias(float[] v, int offset, float[] bias, int n) {
        if (bias != null) {
            for (int i = 0; i < n; i++) {
                v[offset + i] += bias[i];
            }
        }
    }

    private static void add(float[] x, float[] delta, int n) {
        for (int i = 0; i < n; i++) {
            x[i] += delta[i];
        }
    }

    /**
     * The same weights and kernels with caches of their own for {@code maxTokens} positions: a measurement
     * at another context length allocates only its cache, never a second copy of the weights. Neither
     * transformer is safe to use while the other runs.
     */
    public Transformer withContext(int maxTokens) {
        return new Transformer(spec, weights, kernels, maxTokens, neoxRope);
    }

    /** Positions the caches were allocated for: the longest context this transformer can run. */
    public int contextLength() {
        return maxTokens;
    }

    /** Bytes the KV caches and recurrent states hold, as allocated. */
    public long kvCacheBytes() {
        return memory.bytes();
    }

    public ArchitectureSpec spec() {
        return spec;
    }

    public KernelBackend kernels() {
        return kernels;
    }

    @Override
    public void close() {
        kernels.close();
    }

    /** Activation buffers for a batch, allocated once per model so a forward pass allocates almost nothing. */
    private static final class State {
        /** Tokens per batch: enough to make the matmul compute-bound, small enough to keep buffers in cache. */
        static final int MAX_BATCH = 64;

        final float[] x;
        final float[] xb;
        final float[] scratch;
        final float[] q;
        final float[] k;
        final float[] v;
        final float[] qkv;
        final float[] queryRow;
        final float[] attentionRow;
        final float[] attention;
        final float[] gate;
        final float[] up;
        final float[] logits;
        final float[] moeOut;
        final float[] queryAndGate;
        final float[] outputGate;

        State(ArchitectureSpec spec) {
            Attention a = spec.attention();
            int h = spec.hiddenSize();
            int b = MAX_BATCH;
            x = new float[b * h];
            xb = new float[b * h];
            scratch = new float[h];
            q = new float[b * a.heads() * a.headDim()];
            k = new float[b * a.kvHeads() * a.headDim()];
            v = new float[b * a.kvHeads() * a.valueHeadDim()];
            qkv = new float[q.length + k.length + v.length];
            queryRow = new float[a.heads() * a.headDim()];
            attentionRow = new float[a.heads() * a.valueHeadDim()];
            attention = new float[b * a.heads() * a.valueHeadDim()];
            gate = new float[b * spec.feedForward().intermediateSize()];
            up = new float[b * spec.feedForward().intermediateSize()];
            logits = new float[spec.vocabSize()];
            moeOut = spec.hasMoe() ? new float[b * h] : null;
            queryAndGate = a.outputGate() ? new float[2 * q.length] : null;
            outputGate = a.outputGate() ? new float[q.length] : null;
        }
    }
}
