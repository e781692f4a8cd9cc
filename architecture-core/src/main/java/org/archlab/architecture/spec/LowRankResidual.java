package org.archlab.architecture.spec;

/**
 * A learned low-rank branch beside attention (LAuReL, Gemma 3n): the normed layer input goes through a
 * {@code hidden → rank → hidden} pair of matrices and a norm, and is added to the attention output and the
 * residual, the sum scaled by 1/√2.
 *
 * @param rank the branch's inner width
 */
public record LowRankResidual(int rank) {
}
