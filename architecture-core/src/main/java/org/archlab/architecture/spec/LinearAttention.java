package org.archlab.architecture.spec;

/**
 * Gated DeltaNet linear attention (Qwen3-Next): a short causal convolution, gates α/β and a delta-rule
 * update of a fixed-size recurrent state, so its cache does not grow with the context.
 *
 * @param keyHeads     query/key heads
 * @param valueHeads   value heads (each owns a keyHeadDim × valueHeadDim state)
 * @param keyHeadDim   query/key dimension per head
 * @param valueHeadDim value dimension per head
 * @param convKernel   width of the causal depthwise convolution
 */
public record LinearAttention(int keyHeads, int valueHeads, int keyHeadDim, int valueHeadDim, int convKernel) {

    /** Channels the convolution runs over: queries, keys and values. */
    public int convChannels() {
        return 2 * keyHeads * keyHeadDim + valueHeads * valueHeadDim;
    }
}
