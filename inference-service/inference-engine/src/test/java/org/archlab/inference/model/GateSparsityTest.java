package org.archlab.inference.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The statistical top-k cut of an FFN gate: mean + Φ⁻¹(sparsity)·std, with the sample standard deviation. */
class GateSparsityTest {

    @Test
    void each_row_is_shifted_down_by_its_own_cutoff_and_clipped_at_zero() {
        // Row 1: mean 1, squared deviations 7·1 + 49 = 56, sample variance 56/7 = 8 (the population one would be 7);
        // row 2: mean 0.5, squared deviations 2.25 + 6·0.25 + 20.25 = 24, sample variance 24/7.
        float[] gate = {0, 0, 0, 0, 0, 0, 0, 8, -1, 0, 0, 0, 0, 0, 0, 5};
        var sparsity = new GateSparsity(0.95);
        double z = sparsity.cutoffInStandardDeviations();
        sparsity.apply(gate, 2, 8);

        assertThat(z).isCloseTo(1.6448536269514722, within(1e-15));
        assertThat(gate[7]).isCloseTo((float) (8 - (1 + z * Math.sqrt(8))), within(1e-6f));
        assertThat(gate[15]).isCloseTo((float) (5 - (0.5 + z * Math.sqrt(24.0 / 7))), within(1e-6f));
        for (int i = 0; i < gate.length; i++) {
            if (i != 7 && i != 15) {
                assertThat(gate[i]).as("gate " + i).isZero();
            }
        }
    }

    @Test
    void a_sparsity_of_one_half_cuts_at_the_mean() {
        float[] gate = {1, 2, 6};
        new GateSparsity(0.5).apply(gate, 1, 3);
        assertThat(gate).containsExactly(0f, 0f, 3f);
    }

    @Test
    void a_sparsity_outside_zero_to_one_is_refused() {
        assertThatThrownBy(() -> new GateSparsity(1.0)).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> new GateSparsity(0.0)).hasMessageContaining("between 0 and 1");
    }
}
