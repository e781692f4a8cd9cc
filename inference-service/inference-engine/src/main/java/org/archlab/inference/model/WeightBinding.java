package org.archlab.inference.model;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.NormPlacement;
import org.archlab.inference.tensor.TensorSource;
import org.archlab.inference.tensor.Dequantize;
import org.archlab.inference.tensor.WeightTensor;

import java.util.ArrayList;

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
        for (int i = 0; i < spec.layers(); i++) {
            layers.add(layer("blk." + i + "."));
        }
        WeightTensor embeddings = checkpoint.tensor("token_embd.weight");
        WeightTensor head = spec.embeddings().tied() ? embeddings : checkpoint.tensor("output.weight");
        return new ModelWeights(embeddings, checkpoint.find("position_embd.weight").orElse(null), norm("output_norm"), head,
                vector("rope_freqs.weight"), layers);
    }

    private LayerWeights layer(String p) {
        NormPlacement placement = spec.norm().placement();
        Norm attentionNorm = placement == NormPlacement.POST ? null : norm(p + "attn_norm");
        Norm postAttention = switch (placement) {
            case PRE -> null;
            case POST -> norm(p + "post_attention_norm");
            case SANDWICH -> firstNorm(p + "post_attention_norm", p + "attn_output_norm");
        };
        Norm ffnNorm = switch (placement) {
            case POST -> null;
            // gpt-oss, GLM-4.5 and Qwen3-Next name their pre-FFN norm post_attention_norm.
            case PRE -> firstNorm(p + "ffn_norm", p + "post_attention_norm");
            case SANDWICH -> norm(p + "ffn_norm");
        };
        Norm postFfn = placement == NormPlacement.PRE ? null : firstNorm(p + "post_ffw_norm", p + "layer_output_norm");
        boolean fused = checkpoint.find(p + "attn_qkv.weight").isPresent();
        return new LayerWeights(attentionNorm, postAttention, ffnNorm, postFfn,
                fused ? null : checkpoint.tensor(p + "attn_q.weight"),
                fused ? null : checkpoint.tensor(p + "attn_k.weight"),
                fused ? null : checkpoint.tensor(p + "attn_v.weight"),
                fused ? checkpoint.tensor(p + "attn_qkv.weight") : null,
                checkpoint.tensor(p + "attn_output.weight"),
                vector(p + "attn_q.bias"), vector(p + "attn_k.bias"), vector(p + "attn_v.bias"), vector(p + "attn_qkv.bias"),
                vector(p + "attn_output.bias"),
                vector(p + "attn_q_norm.weight"), vector(p + "attn_k_norm.weight"), vector(p + "attn_sinks.weight"),
                checkpoint.find(p + "ffn_gate.weight").orElse(null), checkpoint.tensor(p + "ffn_up.weight"),
                checkpoint.tensor(p + "ffn_down.weight"),
                vector(p + "ffn_gate.bias"), vector(p + "ffn_up.bias"), vector(p + "ffn_down.bias"));
    }

    private Norm firstNorm(String name, String alternative) {
        return checkpoint.find(name + ".weight").isPresent() ? norm(name) : norm(alternative);
    }

    private Norm norm(String name) {
        return new Norm(Dequantize.all(checkpoint.tensor(name + ".weight")), vector(name + ".bias"));
    }

    private float[] vector(String name) {
        return checkpoint.find(name).map(Dequantize::all).orElse(null);
    }
}
