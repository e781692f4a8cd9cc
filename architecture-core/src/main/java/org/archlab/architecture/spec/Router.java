package org.archlab.architecture.spec;

/** How a MoE router turns logits into expert weights. */
public enum Router {
    /** Softmax over all experts, then the top-k (Qwen3-MoE, DeepSeek-V2). */
    SOFTMAX,
    /** Top-k of the logits, then softmax over the selected ones (gpt-oss, Mixtral, Grok). */
    SOFTMAX_SELECTED,
    /** Independent sigmoid scores (DeepSeek-V3, GLM-4.5, MiniMax-M2, Llama 4). */
    SIGMOID
}
