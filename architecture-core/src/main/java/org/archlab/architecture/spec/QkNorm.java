package org.archlab.architecture.spec;

/** How queries and keys are normalised before RoPE. */
public enum QkNorm {
    /** No normalisation. */
    NONE,
    /** RMSNorm over each head's vector, one weight of headDim shared by the heads (Qwen3, Gemma 3). */
    PER_HEAD,
    /** RMSNorm over all heads of a layer at once (OLMo 2, MiniMax-M2): weights of heads·headDim. */
    PER_LAYER,
    /** Weightless L2 normalisation per head (Llama 4). */
    L2
}
