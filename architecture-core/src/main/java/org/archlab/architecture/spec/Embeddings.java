package org.archlab.architecture.spec;

/**
 * Token embeddings, learned absolute positions and the output head.
 *
 * @param tied             the output head reuses the token embedding matrix
 * @param scale            multiplier applied to token embeddings ({@code null} = none); see {@link #scaleBySqrtHidden}
 * @param scaleBySqrtHidden multiply token embeddings by sqrt(hiddenSize), as Gemma does
 * @param learnedPositions rows of a learned absolute position table (GPT-2); 0 = none
 */
public record Embeddings(boolean tied, Double scale, boolean scaleBySqrtHidden, int learnedPositions) {
}
