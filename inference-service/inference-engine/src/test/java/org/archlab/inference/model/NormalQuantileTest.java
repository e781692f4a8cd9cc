package org.archlab.inference.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Φ⁻¹ to double precision, against published values of the standard normal quantile. */
class NormalQuantileTest {

    @Test
    void known_quantiles() {
        assertThat(NormalQuantile.of(0.95)).isCloseTo(1.6448536269514722, within(1e-15));
        assertThat(NormalQuantile.of(0.975)).isCloseTo(1.959963984540054, within(1e-15));
        assertThat(NormalQuantile.of(0.5)).isZero();
        assertThat(NormalQuantile.of(0.8413447460685429)).isCloseTo(1.0, within(1e-14));
        // Both tails: the second and the third rational approximation.
        assertThat(NormalQuantile.of(1e-10)).isCloseTo(-6.361340902404056, within(1e-13));
        assertThat(NormalQuantile.of(1e-20)).isCloseTo(-9.262340089798408, within(1e-12));
    }

    @Test
    void the_quantile_is_odd_about_one_half() {
        for (double p : new double[]{0.001, 0.05, 0.3, 0.49}) {
            assertThat(NormalQuantile.of(1 - p)).isCloseTo(-NormalQuantile.of(p), within(1e-12));
        }
    }

    @Test
    void the_ends_are_infinite_and_other_numbers_are_refused() {
        assertThat(NormalQuantile.of(0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(NormalQuantile.of(1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> NormalQuantile.of(1.5)).hasMessageContaining("1.5");
        assertThatThrownBy(() -> NormalQuantile.of(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
