package org.archlab.inference.model;

import org.archlab.architecture.spec.Activation;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Attention;
import org.archlab.architecture.spec.LayerPlan;
import org.archlab.architecture.spec.Mixer;
import org.archlab.architecture.spec.NormKind;
import org.archlab.architecture.spec.QkNorm;
import org.archlab.inference.cache.LayerCache;
import org.archlab.inference.kernels.AttentionStep;
import org.archlab.inference.kernels.GatedActivation;
import org.archlab.inference.kernels.KernelBackend;
import org.archlab.inference.kernels.RotaryTable;
import org.archlab.inference.tensor.Dequantize;
import org.archlab.inference.tensor.WeightTensor;

import java.util.ArrayList;
import java.util.List;

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
    private final List<LayerCache> caches;
    private final RotaryTable globalRope;
    private final RotaryTable localRope;
    private final State state;

    Transformer(ArchitectureSpec spec, ModelWeights weights, KernelBackend kernels, int maxTokens, boolean neoxRope) {
        this.spec = spec;
        this.weights = weights;
        this.kernels = kernels;
        this.plans = spec.layerPlans();
        this.caches = new ArrayList<>();
        Attention a = spec.attention();
        for (LayerPlan plan : plans) {
            int capacity = switch (plan.mixer()) {
                case SLIDING -> Math.min(maxTokens, a.slidingWindow());
                case CHUNKED -> Math.min(maxTokens, a.chunkSize());
                default -> maxTokens;
            };
            caches.add(new LayerCache(capacity, a.kvHeads(), a.headDim(), a.valueHeadDim()));
        }
        this.globalRope = spec.rope() == null ? null : Rotary.table(spec, false, neoxRope, weights.frequencyFactors());
        this.localRope = spec.rope() == null ? null : Rotary.table(spec, true, neoxRope, weights.frequencyFactors());
        this.state = new State(spec);
    }

    /** Runs one token at a position (positions start at 0 and advance by one) and returns the logits. */
    public float[] forward(int token, int position) {
        float[] x = state.x;
        Dequantize.row(weights.tokenEmbeddings(), token, x, 0);
        float scale = embeddingScale();
        if (scale != 1f) {
            for (int i = 0; i < x.length; i++) {
                x[i] *= scale;
            }
        }
        if (weights.positionEmbeddings() != null) {
            Dequantize.row(weights.positionEmbeddings(), position, state.scratch, 0);
            for (int i = 0; i < x.length; i++) {
                x[i] += state.scratch[i];
            }
        }
        for (int i = 0; i < plans.size(); i++) {
            attentionBlock(plans.get(i), weights.layers().get(i), caches.get(i), position);
            ffnBlock(weights.layers().get(i));
        }
        norm(x, weights.outputNorm());
        kernels.matvec(weights.head(), x, state.logits);
        var output = spec.output();
        for (int i = 0; i < state.logits.length; i++) {
            float logit = state.logits[i];
            if (output.logitSoftcap() != null) {
                logit = (float) (output.logitSoftcap() * Math.tanh(logit / output.logitSoftcap()));
            }
            if (output.logitScale() != null) {
                logit *= output.logitScale().floatValue();
            }
            state.logits[i] = logit;
        }
        return state.logits;
    }

    private void attentionBlock(LayerPlan plan, LayerWeights w, LayerCache cache, int position) {
        Attention a = spec.attention();
        float[] xb = state.xb;
        System.arraycopy(state.x, 0, xb, 0, xb.length);
        if (w.attentionNorm() != null) {
            norm(xb, w.attentionNorm());
        }
        int qSize = a.heads() * a.headDim();
        int kSize = a.kvHeads() * a.headDim();
        int vSize = a.kvHeads() * a.valueHeadDim();
        if (w.qkv() != null) {
            kernels.matvec(w.qkv(), xb, state.qkv);
            addBias(state.qkv, 0, w.qkvBias(), qSize + kSize + vSize);
            System.arraycopy(state.qkv, 0, state.q, 0, qSize);
            System.arraycopy(state.qkv, qSize, state.k, 0, kSize);
            System.arraycopy(state.qkv, qSize + kSize, state.v, 0, vSize);
        } else {
            kernels.matvec(w.q(), xb, state.q);
            kernels.matvec(w.k(), xb, state.k);
            kernels.matvec(w.v(), xb, state.v);
            addBias(state.q, 0, w.qBias(), qSize);
            addBias(state.k, 0, w.kBias(), kSize);
            addBias(state.v, 0, w.vBias(), vSize);
        }
        normalizeQueriesAndKeys(a, w);
        if (plan.rope() && globalRope != null) {
            RotaryTable table = plan.mixer() == Mixer.SLIDING ? localRope : globalRope;
            kernels.rope(state.q, 0, a.heads(), a.headDim(), table, position);
            kernels.rope(state.k, 0, a.kvHeads(), a.headDim(), table, position);
        }
        cache.store(position, state.k, 0, state.v, 0);
        float queryScale = a.queryScale() != null ? a.queryScale().floatValue() : (float) (1 / Math.sqrt(a.headDim()));
        kernels.attention(new AttentionStep(state.q, a.heads(), cache, position,
                plan.mixer() == Mixer.SLIDING ? a.slidingWindow() : 0,
                plan.mixer() == Mixer.CHUNKED ? a.chunkSize() : 0,
                queryScale, a.logitSoftcap() == null ? 0f : a.logitSoftcap().floatValue(), w.sinks(), state.attention));
        kernels.matvec(w.output(), state.attention, xb);
        addBias(xb, 0, w.outputBias(), xb.length);
        if (w.postAttentionNorm() != null) {
            norm(xb, w.postAttentionNorm());
        }
        add(state.x, xb);
    }

    private void normalizeQueriesAndKeys(Attention a, LayerWeights w) {
        float eps = (float) spec.norm().eps();
        if (a.qkNorm() == QkNorm.PER_HEAD) {
            for (int h = 0; h < a.heads(); h++) {
                kernels.rmsNorm(state.q, h * a.headDim(), a.headDim(), w.qNorm(), eps);
            }
            for (int h = 0; h < a.kvHeads(); h++) {
                kernels.rmsNorm(state.k, h * a.headDim(), a.headDim(), w.kNorm(), eps);
            }
        } else if (a.qkNorm() == QkNorm.PER_LAYER) {
            kernels.rmsNorm(state.q, 0, a.heads() * a.headDim(), w.qNorm(), eps);
            kernels.rmsNorm(state.k, 0, a.kvHeads() * a.headDim(), w.kNorm(), eps);
        }
    }

    private void ffnBlock(LayerWeights w) {
        float[] xb = state.xb;
        System.arraycopy(state.x, 0, xb, 0, xb.length);
        if (w.ffnNorm() != null) {
            norm(xb, w.ffnNorm());
        }
        int width = w.up().rows();
        kernels.matvec(w.up(), xb, state.up);
        addBias(state.up, 0, w.upBias(), width);
        Activation activation = spec.feedForward().activation();
        float[] hidden;
        if (activation.gated()) {
            kernels.matvec(w.gate(), xb, state.gate);
            addBias(state.gate, 0, w.gateBias(), width);
            kernels.gatedActivation(activation == Activation.GEGLU ? GatedActivation.GELU_TANH : GatedActivation.SILU,
                    state.gate, state.up, width);
            hidden = state.gate;
        } else {
            kernels.gelu(state.up, width);
            hidden = state.up;
        }
        kernels.matvec(w.down(), hidden, xb);
        addBias(xb, 0, w.downBias(), xb.length);
        if (w.postFfnNorm() != null) {
            norm(xb, w.postFfnNorm());
        }
        add(state.x, xb);
    }

    private void norm(float[] v, Norm n) {
        float eps = (float) spec.norm().eps();
        if (spec.norm().kind() == NormKind.LAYER) {
            kernels.layerNorm(v, 0, v.length, n.weight(), n.bias(), eps);
        } else {
            kernels.rmsNorm(v, 0, v.length, n.weight(), eps);
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

    private static void add(float[] x, float[] delta) {
        for (int i = 0; i < x.length; i++) {
            x[i] += delta[i];
        }
    }

    /** Bytes the KV caches hold, as allocated. */
    public long kvCacheBytes() {
        return caches.stream().mapToLong(LayerCache::bytes).sum();
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

    /** Activation buffers, allocated once per model so a forward pass allocates nothing but attention scores. */
    private static final class State {
        final float[] x;
        final float[] xb;
        final float[] scratch;
        final float[] q;
        final float[] k;
        final float[] v;
        final float[] qkv;
        final float[] attention;
        final float[] gate;
        final float[] up;
        final float[] logits;

        State(ArchitectureSpec spec) {
            Attention a = spec.attention();
            int h = spec.hiddenSize();
            x = new float[h];
            xb = new float[h];
            scratch = new float[h];
            q = new float[a.heads() * a.headDim()];
            k = new float[a.kvHeads() * a.headDim()];
            v = new float[a.kvHeads() * a.valueHeadDim()];
            qkv = new float[q.length + k.length + v.length];
            attention = new float[a.heads() * a.valueHeadDim()];
            gate = new float[spec.feedForward().intermediateSize()];
            up = new float[spec.feedForward().intermediateSize()];
            logits = new float[spec.vocabSize()];
        }
    }
}
