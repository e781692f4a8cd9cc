package org.archlab.inference.model;

import org.archlab.inference.tensor.WeightTensor;

/**
 * The projections of multi-head latent attention (DeepSeek-V3, Kimi K2).
 *
 * @param queryDown   hidden → query latent (q-LoRA), or null when queries are projected directly
 * @param queryNorm   RMS norm weights of the query latent
 * @param queryUp     query latent → every head's [no-RoPE part, RoPE part]; or hidden → the same when there is no q-LoRA
 * @param kvDown      hidden → [KV latent, decoupled RoPE key]
 * @param kvNorm      RMS norm weights of the KV latent
 * @param keyUp       per head: KV latent → the key's no-RoPE part, stored as (latent rows × no-RoPE columns)
 *                    so that it also maps a query's no-RoPE part into the latent space (weight absorption)
 * @param valueUp     per head: KV latent → value
 */
record LatentAttentionWeights(WeightTensor queryDown, float[] queryNorm, WeightTensor queryUp,
                              WeightTensor kvDown, float[] kvNorm, WeightTensor[] keyUp, WeightTensor[] valueUp) {
}
