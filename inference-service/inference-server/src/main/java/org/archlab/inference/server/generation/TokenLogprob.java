package org.archlab.inference.server.generation;

import java.util.List;

/**
 * A token with its log-probability under the model and the most likely alternatives at its position.
 *
 * @param logprob natural log of the probability; null for the first prompt token, which nothing predicts
 * @param top     the most likely tokens at this position, most likely first
 */
public record TokenLogprob(int token, Double logprob, List<Alternative> top) {

    /** One candidate token at a position. */
    public record Alternative(int token, double logprob) {
    }
}
