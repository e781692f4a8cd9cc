package org.archlab.inference.model;

import org.archlab.inference.tensor.WeightTensor;

/**
 * The weights of one transformer block. Norms the block's placement does not use are null; so are
 * biases a model has none of. GPT-2 stores q, k and v as one fused matrix ({@code qkv}). A MoE layer
 * has {@code experts} and no dense FFN; a latent-attention layer has {@code latent} and no q, k, v; a linear-attention layer has {@code linear}
 * and no attention weights at all; a layer that reads another layer's KV cache has no k and v. Gemma 3n's
 * mechanisms add {@code perLayerGate} (per-layer inputs), {@code streams} (AltUp) and {@code lowRank} (LAuReL),
 * each null where the spec has no such knob.
 */
record LayerWeights(
        NormWeights attentionNorm, NormWeights postAttentionNorm, NormWeights ffnNorm, NormWeights postFfnNorm,
        WeightTensor q, WeightTensor k, WeightTensor v, WeightTensor qkv, WeightTensor output,
        float[] qBias, float[] kBias, float[] vBias, float[] qkvBias, float[] outputBias,
        float[] qNorm, float[] kNorm, float[] sinks,
        WeightTensor gate, WeightTensor up, WeightTensor down,
        float[] gateBias, float[] upBias, float[] downBias,
        ExpertWeights experts, LatentAttentionWeights latent, DeltaNetWeights linear,
        PerLayerGateWeights perLayerGate, StreamWeights streams, LowRankWeights lowRank) {
}
