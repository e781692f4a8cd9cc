package org.archlab.architecture.spec;

/**
 * The dense feed-forward network (also the shape of each expert, with the expert size).
 *
 * @param activation       SwiGLU, GeGLU, GELU MLP, or gpt-oss's clamped SwiGLU
 * @param intermediateSize hidden width of the dense FFN
 * @param bias             biases on its projections
 */
public record FeedForward(Activation activation, int intermediateSize, boolean bias) {
}
