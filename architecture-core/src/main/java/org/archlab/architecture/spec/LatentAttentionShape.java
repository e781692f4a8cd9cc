package org.archlab.architecture.spec;

/**
 * The dimensions of multi-head latent attention (DeepSeek-V2/V3, Kimi K2): queries and keys/values pass
 * through low-rank latents; the cache keeps only the KV latent plus a decoupled RoPE key shared by all heads.
 *
 * @param queryLoraRank rank of the query latent (0 = queries projected directly from the hidden state)
 * @param kvLoraRank    rank of the compressed KV latent (what the cache stores per token)
 * @param qkNopeHeadDim per-head query/key dimension without position information
 * @param qkRopeHeadDim per-head query dimension carrying RoPE; the RoPE key of this size is shared by all heads
 * @param valueHeadDim  per-head value dimension
 */
public record LatentAttentionShape(int queryLoraRank, int kvLoraRank, int qkNopeHeadDim, int qkRopeHeadDim, int valueHeadDim) {

    public int queryHeadDim() {
        return qkNopeHeadDim + qkRopeHeadDim;
    }
}
