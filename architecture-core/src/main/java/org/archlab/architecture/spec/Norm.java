package org.archlab.architecture.spec;

/**
 * Normalisation of the residual branches.
 *
 * @param kind         RMSNorm or LayerNorm (with bias)
 * @param eps          epsilon
 * @param placement    where the block normalises: before each branch, after it, or both
 * @param zeroCentered weights are stored as w − 1 and applied as (1 + w) (Gemma, Qwen3-Next)
 */
public record Norm(NormKind kind, double eps, NormPlacement placement, boolean zeroCentered) {
}
