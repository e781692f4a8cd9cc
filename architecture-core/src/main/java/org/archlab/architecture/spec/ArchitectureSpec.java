package org.archlab.architecture.spec;


import java.util.ArrayList;
import java.util.List;

/**
 * Everything that defines a decoder-only language model's architecture, independent of its weights.
 * One immutable tree that can express every model of the catalog and any mix of their parts
 * ("Qwen3-0.6B with MLA", "Gemma 3 with a 1:1 window pattern"). Optional parts are {@code null}.
 *
 * @param family             the architecture family, e.g. {@code qwen3}, {@code deepseek}, {@code gpt-oss}
 * @param vocabSize          tokens in the vocabulary
 * @param hiddenSize         width of the residual stream
 * @param layers             transformer blocks
 * @param maxContext         longest context the model was built for, in tokens
 * @param embeddings         token (and learned position) embeddings and the output head
 * @param attention          the attention mixer used by full, sliding and chunked layers
 * @param rope               rotary position embedding; {@code null} for models without RoPE (GPT-2)
 * @param linearAttention    the Gated DeltaNet mixer of linear layers; {@code null} if the schedule has none
 * @param schedule           which mixer, positions and FFN each layer uses
 * @param norm               normalisation kind and placement
 * @param feedForward        the dense feed-forward network
 * @param moe                the mixture-of-experts FFN of MoE layers; {@code null} for dense models
 * @param multiTokenPrediction extra next-n prediction modules; {@code null} if none
 * @param output             final logit processing
 * @param defaultDtype       the dtype the vendor ships weights in
 * @param perLayerInputs     a per-layer token table gated into every layer (Gemma 3n's PLE); {@code null} if none
 * @param residualStreams    parallel residual streams of which one is active (AltUp); {@code null} = one stream
 * @param lowRankResidual    a low-rank branch beside attention (LAuReL); {@code null} if none
 * @param activationSparsity a statistical top-k cut of the FFN gate in the leading layers; {@code null} if none
 */
public record ArchitectureSpec(
        String family,
        int vocabSize,
        int hiddenSize,
        int layers,
        int maxContext,
        Embeddings embeddings,
        Attention attention,
        Rope rope,
        LinearAttention linearAttention,
        LayerSchedule schedule,
        Norm norm,
        FeedForward feedForward,
        MixtureOfExperts moe,
        MultiTokenPrediction multiTokenPrediction,
        Output output,
        Dtype defaultDtype,
        PerLayerInputs perLayerInputs,
        ResidualStreams residualStreams,
        LowRankResidual lowRankResidual,
        ActivationSparsity activationSparsity) {

    public boolean hasMoe() {
        return moe != null;
    }

    /**
     * Every layer's mixer, positions, FFN, KV source and gate sparsity, expanded from the schedule's repeating
     * patterns. A layer among the last {@code schedule.kvSharedLayers} reads the KV cache of the last earlier
     * layer with the same mixer that has one of its own (none found: it keeps its own; validation refuses that).
     */
    public List<LayerPlan> layerPlans() {
        var plans = new ArrayList<LayerPlan>(layers);
        int firstShared = layers - schedule.sharedKvLayerCount();
        for (int i = 0; i < layers; i++) {
            Mixer mixer = cyclic(schedule.mixers(), i);
            boolean usesRope = cyclic(schedule.rope(), i);
            FfnKind ffn = i < schedule.leadingDenseLayers() ? FfnKind.DENSE : cyclic(schedule.ffn(), i);
            Integer kvSource = null;
            if (i >= firstShared) {
                for (int j = firstShared - 1; j >= 0 && kvSource == null; j--) {
                    if (plans.get(j).mixer() == mixer) {
                        kvSource = j;
                    }
                }
            }
            Double sparsity = activationSparsity != null && i < activationSparsity.layers() ? activationSparsity.sparsity() : null;
            plans.add(new LayerPlan(i, mixer, usesRope, ffn, kvSource, sparsity));
        }
        return List.copyOf(plans);
    }

    private static <T> T cyclic(List<T> pattern, int index) {
        return pattern.get(index % pattern.size());
    }
}
