package org.archlab.inference.model;

import org.archlab.inference.tensor.WeightTensor;

import java.util.List;

/**
 * All weights of a model.
 *
 * @param tokenEmbeddings   vocab × hidden
 * @param positionEmbeddings learned absolute positions (GPT-2), or null
 * @param outputNorm        the final norm
 * @param head              the output projection (the embedding matrix when tied)
 * @param frequencyFactors  per-pair RoPE frequency divisors stored in the checkpoint (Llama 3.1+), or null
 * @param layers            one entry per block
 * @param perLayerInputs    the per-layer input table and projection (Gemma 3n), or null
 * @param streams           the parallel residual streams' projections (AltUp), or null
 */
record ModelWeights(WeightTensor tokenEmbeddings, WeightTensor positionEmbeddings, NormWeights outputNorm, WeightTensor head,
                    float[] frequencyFactors, List<LayerWeights> layers,
                    PerLayerInputWeights perLayerInputs, StreamProjections streams) {
}
