package org.archlab.inference.bench;

import java.util.Arrays;

/**
 * How evenly a MoE model's router spread a run's tokens over its experts.
 *
 * @param tokensPerExpert tokens each expert processed, summed over layers
 * @param maxOverMean     the busiest expert's load over the mean load (1 = perfectly even)
 * @param idleExperts     experts that got no token
 */
public record ExpertLoad(long[] tokensPerExpert, double maxOverMean, int idleExperts) {

    static ExpertLoad of(long[] tokensPerExpert) {
        double mean = Arrays.stream(tokensPerExpert).average().orElse(0);
        long max = Arrays.stream(tokensPerExpert).max().orElse(0);
        int idle = (int) Arrays.stream(tokensPerExpert).filter(n -> n == 0).count();
        return new ExpertLoad(tokensPerExpert.clone(), mean == 0 ? 0 : Math.round(max / mean * 100) / 100.0, idle);
    }
}
