package org.archlab.inference.model;

import org.archlab.inference.tensor.WeightTensor;

/**
 * One layer's weights for predicting and correcting the parallel residual streams (AltUp), n streams.
 *
 * @param router       hidden → n router logits ({@code altup_router})
 * @param routerNorm   RMS norm weights of the router's input ({@code altup_router_norm})
 * @param predictCoef  n·n × n row-major: the prediction coefficients from the router's output ({@code altup_predict_coef})
 * @param correctCoef  n × n row-major: the correction coefficients from the router's output ({@code altup_correct_coef})
 * @param correctScale per hidden value, the scale of the corrected active stream where it feeds the per-layer
 *                     input gate ({@code altup_correct_scale}); null when the spec does not scale it
 */
record StreamWeights(WeightTensor router, float[] routerNorm, float[] predictCoef, float[] correctCoef, float[] correctScale) {
}
