package org.archlab.architecture.spec;

/**
 * Rotary position embedding.
 *
 * @param theta                  base frequency of layers that use the global base
 * @param localTheta             base frequency of sliding-window layers ({@code null} = {@code theta}); Gemma 3
 * @param rotaryFraction         share of each head's dimensions that rotate (partial RoPE; 1 = all)
 * @param scaling                context-extension scaling of the global base ({@code null} = none)
 * @param storedFrequencyFactors the checkpoint stores per-dimension frequency factors as a tensor (GGUF {@code rope_freqs})
 */
public record Rope(double theta, Double localTheta, double rotaryFraction, RopeScaling scaling, boolean storedFrequencyFactors) {
}
