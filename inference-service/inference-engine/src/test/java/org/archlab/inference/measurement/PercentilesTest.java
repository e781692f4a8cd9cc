package org.archlab.inference.measurement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Nearest-rank percentiles and the median of repeats, as docs/api/runs.md defines them. */
class PercentilesTest {

    @Test
    void a_nearest_rank_percentile_is_the_smallest_value_with_that_share_at_or_below_it() {
        long[] values = {50, 10, 40, 20, 30};

        assertThat(Percentiles.nearestRank(values, 0.5)).isEqualTo(30);
        assertThat(Percentiles.nearestRank(values, 0.2)).isEqualTo(10);
        assertThat(Percentiles.nearestRank(values, 0.21)).isEqualTo(20);
        assertThat(Percentiles.nearestRank(values, 0.99)).isEqualTo(50);
        assertThat(Percentiles.nearestRank(values, 1.0)).isEqualTo(50);
        assertThat(values).as("the caller's values stay in their order").containsExactly(50, 10, 40, 20, 30);
    }

    @Test
    void the_p50_of_an_even_count_is_the_lower_middle_value_and_p99_of_a_hundred_is_the_99th() {
        long[] hundred = new long[100];
        for (int i = 0; i < hundred.length; i++) {
            hundred[i] = 100 - i;
        }

        assertThat(Percentiles.nearestRank(new long[]{4, 1, 3, 2}, 0.5)).isEqualTo(2);
        assertThat(Percentiles.nearestRank(hundred, 0.99)).isEqualTo(99);
    }

    @Test
    void no_values_have_percentile_zero_and_a_share_outside_zero_to_one_is_refused() {
        assertThat(Percentiles.nearestRank(new long[0], 0.5)).isZero();
        assertThatThrownBy(() -> Percentiles.nearestRank(new long[]{1}, 0)).hasMessageContaining("p must be in (0, 1]");
        assertThatThrownBy(() -> Percentiles.nearestRank(new long[]{1}, 1.5)).hasMessageContaining("p must be in (0, 1]");
    }

    @Test
    void the_median_of_repeats_is_the_middle_one_or_the_mean_of_the_middle_two() {
        assertThat(Spread.of(new double[]{3, 1, 2})).isEqualTo(new Spread(2, 1, 3));
        assertThat(Spread.of(new double[]{4, 1, 3, 2})).isEqualTo(new Spread(2.5, 1, 4));
        assertThatThrownBy(() -> Spread.of(new double[0])).hasMessageContaining("at least one value");
    }
}
