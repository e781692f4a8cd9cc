package org.archlab.inference.kernels;

import org.archlab.architecture.spec.Activation;

/** The gate functions of gated feed-forward networks. */
public enum GatedActivation {
    /** silu(g) = g · sigmoid(g). */
    SILU,
    /** gelu with the tanh approximation. */
    GELU_TANH,
    /** gpt-oss: min(g, 7) · sigmoid(1.702 · min(g, 7)) · (clamp(u, −7, 7) + 1). */
    SWIGLU_OAI;

    /** The gate function of a spec's gated activation. */
    public static GatedActivation of(Activation activation) {
        return switch (activation) {
            case GEGLU -> GELU_TANH;
            case SWIGLU_OAI -> SWIGLU_OAI;
            default -> SILU;
        };
    }
}
