package org.archlab.inference.model;

import org.archlab.inference.tensor.WeightTensor;

/**
 * One layer's low-rank residual branch (LAuReL).
 *
 * @param down     hidden → rank ({@code laurel_l})
 * @param up       rank → hidden ({@code laurel_r})
 * @param postNorm RMS norm weights of the branch's output ({@code laurel_post_norm})
 */
record LowRankWeights(WeightTensor down, WeightTensor up, float[] postNorm) {
}
