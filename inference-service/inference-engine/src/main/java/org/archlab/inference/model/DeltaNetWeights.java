package org.archlab.inference.model;

import org.archlab.inference.tensor.WeightTensor;

/**
 * The weights of a Gated DeltaNet layer (Qwen3-Next).
 *
 * @param qkv         hidden → convolution input [queries, keys, values]
 * @param outputGate  hidden → z, which gates the normalised output through SiLU
 * @param convolution per channel, the kernel's weights oldest input first
 * @param betaAlpha   hidden → per key-head group [β logits, α logits]
 * @param dtBias      added to α before the softplus
 * @param decay       −exp(A_log): the per-head decay rate
 * @param norm        RMS norm weights of each head's output
 * @param output      values → hidden
 */
record DeltaNetWeights(WeightTensor qkv, WeightTensor outputGate, float[] convolution, WeightTensor betaAlpha,
                       float[] dtBias, float[] decay, float[] norm, WeightTensor output) {
}
