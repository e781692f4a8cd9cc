package org.archlab.inference.measurement;

import java.util.Arrays;

/**
 * Median and range of a figure over a measurement's repeats. The median of an even number of repeats is the mean of
 * the middle two (docs/api/runs.md).
 */
public record Spread(double median, double min, double max) {

    public static Spread of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("a spread needs at least one value");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Spread(median, sorted[0], sorted[n - 1]);
    }
}
