package org.archlab.inference.kernels;

/** The gate functions of gated feed-forward networks. */
public enum GatedActivation {
    /** silu(g) = g · sigmoid(g). */
    SILU,
    /** gelu with the tanh approximation. */
    GELU_TANH
}
