package org.archlab.inference.model;

import org.archlab.inference.tensor.WeightTensor;

/**
 * The weights of a mixture-of-experts FFN. Each routed expert is a view of its rows in the stacked
 * expert tensors; the shared expert (if any) is an ordinary FFN that every token runs.
 *
 * @param router        expert logits from the normalised hidden state
 * @param routerBias    added to the logits (gpt-oss), or null
 * @param selectionBias added to the scores for choosing experts only (DeepSeek-V3's balancing), or null
 * @param gate          per expert, or null when the experts are not gated
 * @param gateBias      per expert (gpt-oss), or null
 * @param sharedGate    the shared expert's output is scaled by sigmoid(sharedGate·x) (Qwen3-Next), or null
 */
record ExpertWeights(
        WeightTensor router, float[] routerBias, float[] selectionBias,
        WeightTensor[] gate, WeightTensor[] up, WeightTensor[] down,
        float[][] gateBias, float[][] upBias, float[][] downBias,
        WeightTensor sharedGateProjection, WeightTensor sharedUp, WeightTensor sharedDown, float[] sharedGate) {

    int experts() {
        return up.length;
    }

    boolean hasSharedExpert() {
        return sharedUp != null;
    }
}
