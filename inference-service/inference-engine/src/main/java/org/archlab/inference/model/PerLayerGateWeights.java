package org.archlab.inference.model;

import org.archlab.inference.tensor.WeightTensor;

/**
 * One layer's weights for gating its per-layer input into the residual stream.
 *
 * @param gate       hidden → width (GGUF {@code inp_gate})
 * @param projection width → hidden (GGUF {@code proj})
 * @param postNorm   RMS norm weights of the projected contribution (GGUF {@code post_norm})
 */
record PerLayerGateWeights(WeightTensor gate, WeightTensor projection, float[] postNorm) {
}
