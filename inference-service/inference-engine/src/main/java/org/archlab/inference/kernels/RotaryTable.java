package org.archlab.inference.kernels;

/**
 * Precomputed RoPE inverse frequencies for one kind of layer.
 *
 * @param inverseFrequencies θ_i for each rotated pair, scaling already applied
 * @param rotaryDims         how many of each head's dimensions rotate (partial RoPE rotates a prefix)
 * @param neox               pairs are (i, i + rotaryDims/2) — the "NeoX" layout; otherwise adjacent (2i, 2i+1)
 * @param attentionFactor    YaRN's magnitude correction applied to the rotated values (1 otherwise)
 */
public record RotaryTable(float[] inverseFrequencies, int rotaryDims, boolean neox, float attentionFactor) {
}
