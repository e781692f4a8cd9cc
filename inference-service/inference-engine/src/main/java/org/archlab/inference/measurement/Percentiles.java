package org.archlab.inference.measurement;

import java.util.Arrays;

/** The one percentile definition of every measurement: nearest rank, so a percentile is always an observed value. */
public final class Percentiles {

    private Percentiles() {
    }

    /**
     * The smallest value with at least a fraction {@code p} of all values at or below it (nearest rank); 0 for
     * no values.
     *
     * @param p in (0, 1]
     */
    public static long nearestRank(long[] values, double p) {
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in (0, 1], was " + p);
        }
        if (values.length == 0) {
            return 0;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
