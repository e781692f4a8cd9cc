package org.archlab.inference.model;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.FfnKind;
import org.archlab.architecture.spec.LayerPlan;
import org.archlab.architecture.spec.Mixer;
import org.archlab.architecture.spec.NormPlacement;
import org.archlab.inference.tensor.TensorSource;
import org.archlab.inference.tensor.Dequantize;
import org.archlab.inference.tensor.WeightTensor;

import java.util.ArrayList;
import java.util.Arrays;

/** Binds a model's weights by llama.cpp's tensor names, from a checkpoint or from generated weights. */
final class WeightBinding {

    private final TensorSource checkpoint;
    private final ArchitectureSpec spec;

    private WeightBinding(TensorSource checkpoint, ArchitectureSpec spec) {
        this.checkpoint = checkpoint;
        this.spec = spec;
    }

    static ModelWeights load(TensorSource checkpoint, ArchitectureSpec spec) {
        return new WeightBinding(checkpoint, spec).weights();
    }

    private ModelWeights weights() {
        var layers = new ArrayList<LayerWeights>();
        for (var plan : spec.layerPlans()) {
            layers.add(layer(plan));
        }
        WeightTensor embeddings = checkpoint.tensor("token_embd.weight");
        WeightTensor head = spec.embeddings().tied() ? embeddings : checkpoint.tensor("output.weight");
        return new ModelWeights(embeddings, checkpoint.find("position_embd.weight").orElse(null), norm("output_norm"), head,
                vector("rope_freqs.weight"), layers, perLayerInputs(), streamProjections());
    }

    private PerLayerInputWeights perLayerInputs() {
        if (spec.perLayerInputs() == null) {
            return null;
        }
        return new PerLayerInputWeights(checkpoint.tensor("per_layer_token_embd.weight"),
                checkpoint.tensor("per_layer_model_proj.weight"), required("per_layer_proj_norm.weight"));
    }

    /** altup_proj and altup_unembd_proj stack one hidden × hidden matrix per inactive stream along ne2. */
    private StreamProjections streamProjections() {
        if (spec.residualStreams() == null) {
            return null;
        }
        int inactive = spec.residualStreams().streams() - 1;
        return new StreamProjections(perSlice(checkpoint.tensor("altup_proj.weight"), inactive),
                perSlice(checkpoint.tensor("altup_unembd_proj.weight"), inactive));
    }

    private PerLayerGateWeights perLayerGate(String p) {
        return spec.perLayerInputs() == null ? null : new PerLayerGateWeights(checkpoint.tensor(p + "inp_gate.weight"),
                checkpoint.tensor(p + "proj.weight"), required(p + "post_norm.weight"));
    }

    private StreamWeights streams(String p) {
        var streams = spec.residualStreams();
        if (streams == null) {
            return null;
        }
        return new StreamWeights(checkpoint.tensor(p + "altup_router.weight"), required(p + "altup_router_norm.weight"),
                required(p + "altup_predict_coef.weight"), required(p + "altup_correct_coef.weight"),
                streams.scaledCorrection() ? required(p + "altup_correct_scale.weight") : null);
    }

    private LowRankWeights lowRank(String p) {
        return spec.lowRankResidual() == null ? null : new LowRankWeights(checkpoint.tensor(p + "laurel_l.weight"),
                checkpoint.tensor(p + "laurel_r.weight"), required(p + "laurel_post_norm.weight"));
    }

    private LayerWeights layer(LayerPlan plan) {
        String p = "blk." + plan.index() + ".";
        boolean moe = plan.ffn() == FfnKind.MOE;
        boolean linear = plan.mixer() == Mixer.LINEAR;
        // A layer that reads another layer's KV cache never uses k and v weights, even where the file has them.
        boolean queriesOnly = !plan.ownsCache();
        NormPlacement placement = spec.norm().placement();
        NormWeights attentionNorm = placement == NormPlacement.POST ? null : norm(p + "attn_norm");
        NormWeights postAttention = switch (placement) {
            case PRE -> null;
            case POST -> norm(p + "post_attention_norm");
            case SANDWICH -> firstNorm(p + "post_attention_norm", p + "attn_output_norm");
        };
        NormWeights ffnNorm = switch (placement) {
            case POST -> null;
            // gpt-oss, GLM-4.5 and Qwen3-Next name their pre-FFN norm post_attention_norm.
            case PRE -> firstNorm(p + "ffn_norm", p + "post_attention_norm");
            case SANDWICH -> norm(p + "ffn_norm");
        };
        NormWeights postFfn = placement == NormPlacement.PRE ? null : firstNorm(p + "post_ffw_norm", p + "layer_output_norm");
        if (linear) {
            return new LayerWeights(attentionNorm, null, ffnNorm, postFfn, null, null, null, null, null,
                    null, null, null, null, null, null, null, null,
                    moe ? null : checkpoint.find(p + "ffn_gate.weight").orElse(null),
                    moe ? null : checkpoint.tensor(p + "ffn_up.weight"), moe ? null : checkpoint.tensor(p + "ffn_down.weight"),
                    null, null, null, moe ? experts(p) : null, null, deltaNet(p), perLayerGate(p), streams(p), lowRank(p));
        }
        boolean fused = checkpoint.find(p + "attn_qkv.weight").isPresent();
        boolean latent = spec.attention().isLatent();
        return new LayerWeights(attentionNorm, postAttention, ffnNorm, postFfn,
                fused || latent ? null : checkpoint.tensor(p + "attn_q.weight"),
                fused || latent || queriesOnly ? null : checkpoint.tensor(p + "attn_k.weight"),
                fused || latent || queriesOnly ? null : checkpoint.tensor(p + "attn_v.weight"),
                fused ? checkpoint.tensor(p + "attn_qkv.weight") : null,
                checkpoint.tensor(p + "attn_output.weight"),
                vector(p + "attn_q.bias"), queriesOnly ? null : vector(p + "attn_k.bias"), queriesOnly ? null : vector(p + "attn_v.bias"),
                vector(p + "attn_qkv.bias"),
                vector(p + "attn_output.bias"),
                vector(p + "attn_q_norm.weight"), queriesOnly ? null : vector(p + "attn_k_norm.weight"), vector(p + "attn_sinks.weight"),
                moe ? null : checkpoint.find(p + "ffn_gate.weight").orElse(null),
                moe ? null : checkpoint.tensor(p + "ffn_up.weight"),
                moe ? null : checkpoint.tensor(p + "ffn_down.weight"),
                moe ? null : vector(p + "ffn_gate.bias"), moe ? null : vector(p + "ffn_up.bias"),
                moe ? null : vector(p + "ffn_down.bias"),
                moe ? experts(p) : null, latent ? latentAttention(p) : null, null, perLayerGate(p), streams(p), lowRank(p));
    }

    private DeltaNetWeights deltaNet(String p) {
        return new DeltaNetWeights(checkpoint.tensor(p + "attn_qkv.weight"), checkpoint.tensor(p + "attn_gate.weight"),
                Dequantize.all(checkpoint.tensor(p + "ssm_conv1d.weight")), checkpoint.tensor(p + "ssm_ba.weight"),
                vector(p + "ssm_dt.bias"), Dequantize.all(checkpoint.tensor(p + "ssm_a")), vector(p + "ssm_norm.weight"),
                checkpoint.tensor(p + "ssm_out.weight"));
    }

    private LatentAttentionWeights latentAttention(String p) {
        int heads = spec.attention().heads();
        boolean queryLora = checkpoint.find(p + "attn_q_a.weight").isPresent();
        return new LatentAttentionWeights(
                queryLora ? checkpoint.tensor(p + "attn_q_a.weight") : null,
                queryLora ? vector(p + "attn_q_a_norm.weight") : null,
                checkpoint.tensor(p + (queryLora ? "attn_q_b.weight" : "attn_q.weight")),
                checkpoint.tensor(p + "attn_kv_a_mqa.weight"), vector(p + "attn_kv_a_norm.weight"),
                perSlice(checkpoint.tensor(p + "attn_k_b.weight"), heads),
                perSlice(checkpoint.tensor(p + "attn_v_b.weight"), heads));
    }

    private ExpertWeights experts(String p) {
        int n = spec.moe().experts();
        // Grok's always-on dense branch is stored as the layer's ordinary FFN, other shared experts as *_shexp.
        String shared = checkpoint.find(p + "ffn_up_shexp.weight").isPresent() ? "_shexp" : "";
        boolean hasShared = spec.moe().sharedExperts() > 0;
        return new ExpertWeights(checkpoint.tensor(p + "ffn_gate_inp.weight"), vector(p + "ffn_gate_inp.bias"),
                vector(p + "exp_probs_b.bias"),
                checkpoint.find(p + "ffn_gate_exps.weight").map(t -> perSlice(t, n)).orElse(null),
                perSlice(checkpoint.tensor(p + "ffn_up_exps.weight"), n),
                perSlice(checkpoint.tensor(p + "ffn_down_exps.weight"), n),
                perExpertVector(p + "ffn_gate_exps.bias", n), perExpertVector(p + "ffn_up_exps.bias", n),
                perExpertVector(p + "ffn_down_exps.bias", n),
                hasShared ? checkpoint.find(p + "ffn_gate" + shared + ".weight").orElse(null) : null,
                hasShared ? checkpoint.tensor(p + "ffn_up" + shared + ".weight") : null,
                hasShared ? checkpoint.tensor(p + "ffn_down" + shared + ".weight") : null,
                vector(p + "ffn_gate_inp_shexp.weight"));
    }

    /** A stacked tensor (ne2 = experts, or heads) as one matrix view per slice. */
    private static WeightTensor[] perSlice(WeightTensor stacked, int experts) {
        int rows = stacked.rows() / experts;
        var views = new WeightTensor[experts];
        for (int e = 0; e < experts; e++) {
            views[e] = stacked.rows(e * rows, rows);
        }
        return views;
    }

    private float[][] perExpertVector(String name, int experts) {
        float[] all = vector(name);
        if (all == null) {
            return null;
        }
        int width = all.length / experts;
        var split = new float[experts][];
        for (int e = 0; e < experts; e++) {
            split[e] = Arrays.copyOfRange(all, e * width, (e + 1) * width);
        }
        return split;
    }

    private NormWeights firstNorm(String name, String alternative) {
        return checkpoint.find(name + ".weight").isPresent() ? norm(name) : norm(alternative);
    }

    private NormWeights norm(String name) {
        return new NormWeights(Dequantize.all(checkpoint.tensor(name + ".weight")), vector(name + ".bias"));
    }

    private float[] required(String name) {
        return Dequantize.all(checkpoint.tensor(name));
    }

    private float[] vector(String name) {
        return checkpoint.find(name).map(Dequantize::all).orElse(null);
    }
}
