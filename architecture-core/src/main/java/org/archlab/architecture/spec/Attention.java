package org.archlab.architecture.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Softmax attention as used by full, sliding-window and chunked layers. MHA, GQA and MQA differ only in
 * {@code kvHeads}; multi-head latent attention is described by {@link #mla}, in which case the head
 * dimensions come from it.
 *
 * @param heads         query heads
 * @param kvHeads       key/value heads (heads for MHA, 1 for MQA)
 * @param headDim       query/key dimension per head
 * @param valueHeadDim  value dimension per head (usually {@code headDim})
 * @param qkNorm        normalisation of queries and keys before RoPE
 * @param qkvBias       biases on the query, key and value projections
 * @param outputBias    bias on the output projection
 * @param sinks         a learned per-head sink logit that takes part in the softmax (gpt-oss)
 * @param outputGate    a sigmoid gate on the attention output computed from the layer input (Qwen3-Next)
 * @param logitSoftcap  scores become softcap·tanh(score/softcap) ({@code null} = none)
 * @param queryScale    scores are multiplied by this instead of 1/sqrt(headDim) ({@code null} = 1/sqrt(headDim))
 * @param slidingWindow tokens a sliding-window layer attends to ({@code null} if no layer slides)
 * @param chunkSize     tokens per chunk of a chunked-attention layer (Llama 4; {@code null} if none)
 * @param mla           multi-head latent attention dimensions ({@code null} = standard attention)
 * @param valueNorm     each value head is RMS-normalised without a weight before it is cached (Gemma 3n);
 *                      {@code null} = no
 */
public record Attention(
        int heads,
        int kvHeads,
        int headDim,
        int valueHeadDim,
        QkNorm qkNorm,
        boolean qkvBias,
        boolean outputBias,
        boolean sinks,
        boolean outputGate,
        Double logitSoftcap,
        Double queryScale,
        Integer slidingWindow,
        Integer chunkSize,
        LatentAttentionShape mla,
        Boolean valueNorm) {

    @JsonIgnore
    public boolean isLatent() {
        return mla != null;
    }

    @JsonIgnore
    public boolean normalizesValues() {
        return Boolean.TRUE.equals(valueNorm);
    }
}
