package org.archlab.inference.model;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Attention;
import org.archlab.architecture.spec.LayerPlan;
import org.archlab.architecture.spec.Mixer;
import org.archlab.architecture.spec.NormKind;
import org.archlab.architecture.spec.QkNorm;
import org.archlab.inference.kernels.GatedActivation;
import org.archlab.inference.kernels.RotaryTable;
import org.archlab.inference.tensor.WeightTensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A model that is a plain stack of pre-norm softmax-attention blocks with gated dense FFNs (Llama 3, Qwen3 dense,
 * Mistral, SmolLM3; Gemma 3 with its post-norms too), laid out for a backend that runs whole decode steps itself
 * ({@link ResidentDecoding}).
 * Embeddings, logit soft-caps and scales stay with the transformer; everything between is here.
 *
 * @param maxTokens  positions the backend's KV cache must hold
 * @param queryScale multiplier of q·k
 * @param softcap    attention score soft-cap (0 = none)
 * @param qkNorm     per-head RMSNorm of queries and keys (Qwen3) with weights of headDim
 */
public record DenseDecoderLayout(int hidden, int heads, int kvHeads, int headDim, int valueDim, int ffnWidth, float eps,
                                 GatedActivation activation, boolean qkNorm, float queryScale, float softcap,
                                 int maxTokens, List<Layer> layers, float[] outputNorm, WeightTensor head) {

    /**
     * @param rope   the layer's RoPE table, or null when the layer has no positional rotation (SmolLM3's NoPE layers)
     * @param window attend to the last this many positions (0 = all)
     * @param sinks  per-head sink logits, or null
     * @param postAttentionNorm RMSNorm weights applied to the attention block's output before the residual add
     *                          (Gemma 3), or null; like {@code postFfnNorm}, present in every layer or in none
     */
    public record Layer(float[] attentionNorm, WeightTensor q, WeightTensor k, WeightTensor v, WeightTensor output,
                        float[] qNorm, float[] kNorm, float[] sinks, RotaryTable rope, int window, float[] postAttentionNorm,
                        float[] ffnNorm, WeightTensor gate, WeightTensor up, WeightTensor down, float[] postFfnNorm) {
    }

    /** Whether the blocks' outputs are normalised before the residual adds (Gemma 3's sandwich norms). */
    public boolean postNorms() {
        return layers.getFirst().postAttentionNorm() != null;
    }

    /** The layout of a model, or why it is not a plain dense pre-norm decoder. */
    static Optional<DenseDecoderLayout> of(ArchitectureSpec spec, ModelWeights weights, RotaryTable global, RotaryTable local,
                                           int maxTokens) {
        Attention a = spec.attention();
        if (a == null || a.isLatent() || a.outputGate() || spec.linearAttention() != null || spec.hasMoe()
                || spec.norm().kind() != NormKind.RMS || a.qkNorm() == QkNorm.PER_LAYER || a.qkNorm() == QkNorm.L2
                || weights.positionEmbeddings() != null || weights.outputNorm() == null || weights.outputNorm().bias() != null
                || usesGemma3nMechanisms(spec)) {
            return Optional.empty();
        }
        var layers = new ArrayList<Layer>();
        List<LayerPlan> plans = spec.layerPlans();
        // Gemma 3's sandwich: post-norms in every layer if the first has one, in none otherwise.
        boolean sandwich = weights.layers().getFirst().postAttentionNorm() != null;
        for (int i = 0; i < plans.size(); i++) {
            LayerPlan plan = plans.get(i);
            LayerWeights w = weights.layers().get(i);
            boolean plain = (plan.mixer() == Mixer.FULL || plan.mixer() == Mixer.SLIDING)
                    && w.attentionNorm() != null && w.attentionNorm().bias() == null
                    && w.ffnNorm() != null && w.ffnNorm().bias() == null
                    && unbiasedIf(sandwich, w.postAttentionNorm()) && unbiasedIf(sandwich, w.postFfnNorm())
                    && w.q() != null && w.qkv() == null && w.gate() != null && w.experts() == null
                    && w.qBias() == null && w.kBias() == null && w.vBias() == null && w.outputBias() == null
                    && w.gateBias() == null && w.upBias() == null && w.downBias() == null;
            if (!plain) {
                return Optional.empty();
            }
            RotaryTable rope = !plan.rope() || global == null ? null : plan.mixer() == Mixer.SLIDING ? local : global;
            layers.add(new Layer(w.attentionNorm().weight(), w.q(), w.k(), w.v(), w.output(), w.qNorm(), w.kNorm(), w.sinks(),
                    rope, plan.mixer() == Mixer.SLIDING ? a.slidingWindow() : 0, sandwich ? w.postAttentionNorm().weight() : null,
                    w.ffnNorm().weight(), w.gate(), w.up(), w.down(), sandwich ? w.postFfnNorm().weight() : null));
        }
        float queryScale = a.queryScale() != null ? a.queryScale().floatValue() : (float) (1 / Math.sqrt(a.headDim()));
        return Optional.of(new DenseDecoderLayout(spec.hiddenSize(), a.heads(), a.kvHeads(), a.headDim(), a.valueHeadDim(),
                spec.feedForward().intermediateSize(), (float) spec.norm().eps(), GatedActivation.of(spec.feedForward().activation()),
                a.qkNorm() == QkNorm.PER_HEAD, queryScale, a.logitSoftcap() == null ? 0f : a.logitSoftcap().floatValue(),
                maxTokens, List.copyOf(layers), weights.outputNorm().weight(), weights.head()));
    }

    /**
     * Per-layer inputs, parallel residual streams, a low-rank residual, activation sparsity, a value norm or KV
     * sharing: none of them is in the resident decoder, so such a model runs kernel by kernel.
     */
    private static boolean usesGemma3nMechanisms(ArchitectureSpec spec) {
        return spec.perLayerInputs() != null || spec.residualStreams() != null || spec.lowRankResidual() != null
                || spec.activationSparsity() != null || spec.attention().normalizesValues()
                || spec.layerPlans().stream().anyMatch(p -> !p.ownsCache() || p.gateSparsity() != null);
    }

    /** A post-norm as the model's first layer has it: present without bias when it has one, absent when not. */
    private static boolean unbiasedIf(boolean present, NormWeights norm) {
        return present ? norm != null && norm.bias() == null : norm == null;
    }
}
