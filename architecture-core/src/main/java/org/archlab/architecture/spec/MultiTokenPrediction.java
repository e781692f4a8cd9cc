package org.archlab.architecture.spec;

/**
 * Multi-token prediction modules (DeepSeek-V3, GLM-4.5, MiniMax-M2): each predicts one more future token
 * with its own transformer layer(s) and a projection of [embedding; hidden state]. Vendors' published
 * totals usually exclude them, so the analytics count them separately.
 *
 * @param modules         number of modules
 * @param layersPerModule transformer layers in each module
 */
public record MultiTokenPrediction(int modules, int layersPerModule) {
}
