package org.archlab.architecture.analysis;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Attention;
import org.archlab.architecture.spec.FeedForward;
import org.archlab.architecture.spec.FfnKind;
import org.archlab.architecture.spec.LatentAttentionShape;
import org.archlab.architecture.spec.LayerPlan;
import org.archlab.architecture.spec.LinearAttention;
import org.archlab.architecture.spec.LowRankResidual;
import org.archlab.architecture.spec.Mixer;
import org.archlab.architecture.spec.MixtureOfExperts;
import org.archlab.architecture.spec.NormKind;
import org.archlab.architecture.spec.PerLayerInputs;
import org.archlab.architecture.spec.QkNorm;
import org.archlab.architecture.spec.ResidualStreams;

import java.util.ArrayList;
import java.util.List;

/**
 * Every weight tensor a spec implies, named and shaped as llama.cpp's GGUF files name and shape them.
 * Parameter counts, weight memory and the engine's random weights all derive from this one list, so a
 * GGUF file of the same architecture has exactly these element counts. Layers that read an earlier layer's
 * KV cache ({@code schedule.kvSharedLayers}) still have their key and value projections: checkpoints carry
 * them (llama.cpp requires them), though nothing multiplies by them.
 */
public final class TensorLayout {

    private final ArchitectureSpec spec;
    private final List<TensorShape> tensors = new ArrayList<>();

    private TensorLayout(ArchitectureSpec spec) {
        this.spec = spec;
    }

    /** The tensors of the main model, then those of any multi-token-prediction modules. */
    public static List<TensorShape> of(ArchitectureSpec spec) {
        var layout = new TensorLayout(spec);
        layout.build();
        return List.copyOf(layout.tensors);
    }

    private void build() {
        long h = spec.hiddenSize();
        long v = spec.vocabSize();
        add("token_embd.weight", Component.EMBEDDINGS, h, v);
        perLayerInputTables();
        residualStreamProjections();
        if (spec.embeddings().learnedPositions() > 0) {
            add("position_embd.weight", Component.POSITIONS, h, spec.embeddings().learnedPositions());
        }
        if (spec.rope() != null && spec.rope().storedFrequencyFactors()) {
            add("rope_freqs.weight", Component.POSITIONS, ropeDims() / 2);
        }
        for (LayerPlan layer : spec.layerPlans()) {
            block("blk." + layer.index() + ".", layer, Component.NORMS);
        }
        norm("output_norm", Component.NORMS);
        if (!spec.embeddings().tied()) {
            add("output.weight", Component.HEAD, h, v);
        }
        multiTokenPrediction();
    }

    private void block(String prefix, LayerPlan layer, Component normComponent) {
        blockNorms(prefix, normComponent);
        if (layer.mixer() == Mixer.LINEAR) {
            linearAttention(prefix, spec.linearAttention());
        } else if (spec.attention().isLatent()) {
            latentAttention(prefix, spec.attention());
        } else {
            attention(prefix, spec.attention());
        }
        if (layer.ffn() == FfnKind.MOE) {
            moe(prefix, spec.moe());
        } else {
            denseFfn(prefix, spec.feedForward(), spec.feedForward().intermediateSize(), "", Component.FFN);
        }
        if (normComponent != Component.MTP) {
            perLayerInputGate(prefix);
            residualStreamCoefficients(prefix);
            lowRankResidual(prefix);
        }
    }

    /**
     * Gemma 3n's per-layer inputs: the token table holding every layer's slice side by side (the streamable one),
     * the projection of the input embedding to the same {@code layers × width} values, and the norm of each slice.
     */
    private void perLayerInputTables() {
        PerLayerInputs p = spec.perLayerInputs();
        if (p == null) {
            return;
        }
        long all = (long) spec.layers() * p.width();
        add("per_layer_token_embd.weight", Component.PER_LAYER_EMBEDDINGS, all, p.vocabSize());
        add("per_layer_model_proj.weight", Component.PER_LAYER_INPUTS, spec.hiddenSize(), all);
        add("per_layer_proj_norm.weight", Component.NORMS, p.width());
    }

    /** AltUp: one hidden × hidden matrix per extra stream into the streams, and one out of them before the head. */
    private void residualStreamProjections() {
        ResidualStreams r = spec.residualStreams();
        if (r == null) {
            return;
        }
        long h = spec.hiddenSize();
        add("altup_proj.weight", Component.RESIDUAL_STREAMS, h, h, r.streams() - 1);
        add("altup_unembd_proj.weight", Component.RESIDUAL_STREAMS, h, h, r.streams() - 1);
    }

    /** A layer's gate of its per-layer input (from the active stream) and the projection back to the hidden size. */
    private void perLayerInputGate(String prefix) {
        PerLayerInputs p = spec.perLayerInputs();
        if (p == null) {
            return;
        }
        long h = spec.hiddenSize();
        add(prefix + "inp_gate.weight", Component.PER_LAYER_INPUTS, h, p.width());
        add(prefix + "proj.weight", Component.PER_LAYER_INPUTS, p.width(), h);
        norm(prefix + "post_norm", Component.NORMS);
    }

    /** A layer's AltUp router (with its norm) and the prediction and correction coefficients it drives. */
    private void residualStreamCoefficients(String prefix) {
        ResidualStreams r = spec.residualStreams();
        if (r == null) {
            return;
        }
        long s = r.streams();
        add(prefix + "altup_correct_coef.weight", Component.RESIDUAL_STREAMS, s, s);
        if (r.scaledCorrection()) {
            add(prefix + "altup_correct_scale.weight", Component.RESIDUAL_STREAMS, spec.hiddenSize());
        }
        add(prefix + "altup_predict_coef.weight", Component.RESIDUAL_STREAMS, s, s * s);
        add(prefix + "altup_router.weight", Component.RESIDUAL_STREAMS, spec.hiddenSize(), s);
        norm(prefix + "altup_router_norm", Component.NORMS);
    }

    /** LAuReL: hidden → rank → hidden, then a norm. */
    private void lowRankResidual(String prefix) {
        LowRankResidual l = spec.lowRankResidual();
        if (l == null) {
            return;
        }
        long h = spec.hiddenSize();
        add(prefix + "laurel_l.weight", Component.LOW_RANK_RESIDUAL, h, l.rank());
        add(prefix + "laurel_r.weight", Component.LOW_RANK_RESIDUAL, l.rank(), h);
        norm(prefix + "laurel_post_norm", Component.NORMS);
    }

    private void blockNorms(String prefix, Component component) {
        switch (spec.norm().placement()) {
            case PRE -> {
                norm(prefix + "attn_norm", component);
                norm(prefix + "ffn_norm", component);
            }
            case POST -> {
                norm(prefix + "post_attention_norm", component);
                norm(prefix + "post_ffw_norm", component);
            }
            case SANDWICH -> {
                norm(prefix + "attn_norm", component);
                norm(prefix + "post_attention_norm", component);
                norm(prefix + "ffn_norm", component);
                norm(prefix + "post_ffw_norm", component);
            }
        }
    }

    private void norm(String name, Component component) {
        add(name + ".weight", component, spec.hiddenSize());
        if (spec.norm().kind() == NormKind.LAYER) {
            add(name + ".bias", component, spec.hiddenSize());
        }
    }

    private void attention(String prefix, Attention a) {
        long h = spec.hiddenSize();
        long q = (long) a.heads() * a.headDim();
        long k = (long) a.kvHeads() * a.headDim();
        long vDim = (long) a.kvHeads() * a.valueHeadDim();
        long out = (long) a.heads() * a.valueHeadDim();
        // Qwen3-Next's gated attention projects queries and the output gate in one matrix.
        add(prefix + "attn_q.weight", Component.ATTENTION, h, a.outputGate() ? 2 * q : q);
        add(prefix + "attn_k.weight", Component.ATTENTION, h, k);
        add(prefix + "attn_v.weight", Component.ATTENTION, h, vDim);
        if (a.qkvBias()) {
            add(prefix + "attn_q.bias", Component.ATTENTION, q);
            add(prefix + "attn_k.bias", Component.ATTENTION, k);
            add(prefix + "attn_v.bias", Component.ATTENTION, vDim);
        }
        add(prefix + "attn_output.weight", Component.ATTENTION, out, h);
        if (a.outputBias()) {
            add(prefix + "attn_output.bias", Component.ATTENTION, h);
        }
        if (a.qkNorm() == QkNorm.PER_HEAD) {
            add(prefix + "attn_q_norm.weight", Component.NORMS, a.headDim());
            add(prefix + "attn_k_norm.weight", Component.NORMS, a.headDim());
        } else if (a.qkNorm() == QkNorm.PER_LAYER) {
            add(prefix + "attn_q_norm.weight", Component.NORMS, q);
            add(prefix + "attn_k_norm.weight", Component.NORMS, k);
        }
        if (a.sinks()) {
            add(prefix + "attn_sinks.weight", Component.ATTENTION, a.heads());
        }
    }

    private void latentAttention(String prefix, Attention a) {
        LatentAttentionShape m = a.mla();
        long h = spec.hiddenSize();
        long heads = a.heads();
        if (m.queryLoraRank() > 0) {
            add(prefix + "attn_q_a.weight", Component.ATTENTION, h, m.queryLoraRank());
            add(prefix + "attn_q_a_norm.weight", Component.NORMS, m.queryLoraRank());
            add(prefix + "attn_q_b.weight", Component.ATTENTION, m.queryLoraRank(), heads * m.queryHeadDim());
        } else {
            add(prefix + "attn_q.weight", Component.ATTENTION, h, heads * m.queryHeadDim());
        }
        add(prefix + "attn_kv_a_mqa.weight", Component.ATTENTION, h, m.kvLoraRank() + m.qkRopeHeadDim());
        add(prefix + "attn_kv_a_norm.weight", Component.NORMS, m.kvLoraRank());
        add(prefix + "attn_k_b.weight", Component.ATTENTION, m.qkNopeHeadDim(), m.kvLoraRank(), heads);
        add(prefix + "attn_v_b.weight", Component.ATTENTION, m.kvLoraRank(), m.valueHeadDim(), heads);
        add(prefix + "attn_output.weight", Component.ATTENTION, heads * m.valueHeadDim(), h);
    }

    private void linearAttention(String prefix, LinearAttention l) {
        long h = spec.hiddenSize();
        long values = (long) l.valueHeads() * l.valueHeadDim();
        add(prefix + "attn_qkv.weight", Component.LINEAR_ATTENTION, h, l.convChannels());
        add(prefix + "attn_gate.weight", Component.LINEAR_ATTENTION, h, values);
        add(prefix + "ssm_conv1d.weight", Component.LINEAR_ATTENTION, l.convKernel(), l.convChannels());
        add(prefix + "ssm_dt.bias", Component.LINEAR_ATTENTION, l.valueHeads());
        add(prefix + "ssm_a", Component.LINEAR_ATTENTION, l.valueHeads());
        add(prefix + "ssm_ba.weight", Component.LINEAR_ATTENTION, h, 2L * l.valueHeads());
        add(prefix + "ssm_norm.weight", Component.NORMS, l.valueHeadDim());
        add(prefix + "ssm_out.weight", Component.LINEAR_ATTENTION, values, h);
    }

    private void denseFfn(String prefix, FeedForward ffn, long width, String suffix, Component component) {
        long h = spec.hiddenSize();
        if (ffn.activation().gated()) {
            add(prefix + "ffn_gate" + suffix + ".weight", component, h, width);
        }
        add(prefix + "ffn_up" + suffix + ".weight", component, h, width);
        add(prefix + "ffn_down" + suffix + ".weight", component, width, h);
        if (ffn.bias()) {
            if (ffn.activation().gated()) {
                add(prefix + "ffn_gate" + suffix + ".bias", component, width);
            }
            add(prefix + "ffn_up" + suffix + ".bias", component, width);
            add(prefix + "ffn_down" + suffix + ".bias", component, h);
        }
    }

    private void moe(String prefix, MixtureOfExperts moe) {
        long h = spec.hiddenSize();
        long e = moe.experts();
        long w = moe.expertIntermediateSize();
        boolean gated = spec.feedForward().activation().gated();
        add(prefix + "ffn_gate_inp.weight", Component.ROUTER, h, e);
        if (moe.routerBias()) {
            add(prefix + "ffn_gate_inp.bias", Component.ROUTER, e);
        }
        if (moe.selectionBias()) {
            add(prefix + "exp_probs_b.bias", Component.ROUTER, e);
        }
        if (gated) {
            experts(prefix + "ffn_gate_exps.weight", h, w, e);
        }
        experts(prefix + "ffn_up_exps.weight", h, w, e);
        experts(prefix + "ffn_down_exps.weight", w, h, e);
        if (moe.expertBias()) {
            if (gated) {
                experts(prefix + "ffn_gate_exps.bias", w, e);
            }
            experts(prefix + "ffn_up_exps.bias", w, e);
            experts(prefix + "ffn_down_exps.bias", h, e);
        }
        if (moe.sharedExperts() > 0) {
            long shared = (long) moe.sharedExperts() * moe.sharedExpertIntermediateSize();
            denseFfn(prefix, new FeedForward(spec.feedForward().activation(), 0, false), shared, "_shexp", Component.SHARED_EXPERTS);
            if (moe.sharedExpertGate()) {
                add(prefix + "ffn_gate_inp_shexp.weight", Component.SHARED_EXPERTS, h);
            }
        }
    }

    /** Each module: norms of the embedding and the hidden state, a projection of both, its layers, a head norm. */
    private void multiTokenPrediction() {
        var mtp = spec.multiTokenPrediction();
        if (mtp == null || mtp.modules() == 0) {
            return;
        }
        long h = spec.hiddenSize();
        LayerPlan last = spec.layerPlans().getLast();
        for (int m = 0; m < mtp.modules(); m++) {
            String prefix = "mtp." + m + ".";
            add(prefix + "enorm.weight", Component.MTP, h);
            add(prefix + "hnorm.weight", Component.MTP, h);
            add(prefix + "eh_proj.weight", Component.MTP, 2 * h, h);
            int first = tensors.size();
            for (int l = 0; l < mtp.layersPerModule(); l++) {
                block(prefix + "blk." + l + ".", new LayerPlan(l, Mixer.FULL, last.rope(), last.ffn()), Component.MTP);
            }
            for (int i = first; i < tensors.size(); i++) {
                TensorShape t = tensors.get(i);
                tensors.set(i, new TensorShape(t.name(), t.dims(), Component.MTP, t.routedExperts()));
            }
            add(prefix + "shared_head_norm.weight", Component.MTP, h);
        }
    }

    private long ropeDims() {
        Attention a = spec.attention();
        return a.isLatent() ? a.mla().qkRopeHeadDim() : Math.round(a.headDim() * spec.rope().rotaryFraction());
    }

    private void experts(String name, long... dims) {
        tensors.add(new TensorShape(name, dims, Component.EXPERTS, true));
    }

    private void add(String name, Component component, long... dims) {
        tensors.add(new TensorShape(name, dims, component, false));
    }
}
