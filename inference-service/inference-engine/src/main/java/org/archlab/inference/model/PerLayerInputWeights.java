package org.archlab.inference.model;

import org.archlab.inference.tensor.WeightTensor;

/**
 * The model-wide weights of per-layer inputs (Gemma 3n's PLE).
 *
 * @param tokenTable      per token, every layer's vector one after the other (vocab rows × layers·width)
 * @param modelProjection hidden → layers·width: each layer's vector computed from the input embedding
 * @param projectionNorm  RMS norm weights (width) of each layer's projected vector
 */
record PerLayerInputWeights(WeightTensor tokenTable, WeightTensor modelProjection, float[] projectionNorm) {
}
