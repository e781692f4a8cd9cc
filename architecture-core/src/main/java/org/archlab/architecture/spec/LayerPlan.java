package org.archlab.architecture.spec;

/**
 * What one layer is, derived from the spec's schedule.
 *
 * @param index zero-based layer index
 * @param mixer the token mixer
 * @param rope  whether the layer's attention uses RoPE (false = NoPE; irrelevant for linear layers)
 * @param ffn   dense or mixture-of-experts feed-forward
 */
public record LayerPlan(int index, Mixer mixer, boolean rope, FfnKind ffn) {
}
