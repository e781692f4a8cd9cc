package org.archlab.architecture.spec;

/**
 * Statistical top-k on the feed-forward gate (Gemma 3n): in the first {@code layers} layers each token's gate
 * pre-activations below {@code mean + z·std} are set to zero, where z is the standard normal quantile of
 * {@code sparsity} (0.95 keeps about the top 5 % if the values are Gaussian). No sort is needed, unlike an
 * exact top-k.
 *
 * @param layers   leading layers whose gate is thresholded
 * @param sparsity target share of gate values cut, strictly between 0 and 1
 */
public record ActivationSparsity(int layers, double sparsity) {
}
