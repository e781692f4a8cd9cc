package org.archlab.architecture.spec;

/** Feed-forward activation; the gated kinds have a gate and an up projection. */
public enum Activation {
    /** silu(gate) · up. */
    SWIGLU(true),
    /** gelu_tanh(gate) · up (Gemma, Grok). */
    GEGLU(true),
    /** gelu(up), no gate (GPT-2). */
    GELU(false),
    /** gpt-oss: clamped gate · sigmoid(1.702 · gate) · (clamped up + 1). */
    SWIGLU_OAI(true);

    private final boolean gated;

    Activation(boolean gated) {
        this.gated = gated;
    }

    public boolean gated() {
        return gated;
    }
}
