package org.archlab.benchmark.results;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MeasurementTest {

    private static TaskMeasurement.Repeat repeat(double prefill, double decode) {
        return new TaskMeasurement.Repeat(100, prefill, decode, 1000 / decode, 1300 / decode);
    }

    private static TaskMeasurement of(List<TaskMeasurement.Repeat> repeats) {
        return new TaskMeasurement("qwen3-0.6b", 1, 4096, "random", "Q8_0", "F32", "jvm",
                new TaskMeasurement.Environment("jvm", "cpu", 2, "25", "Linux", "abc"), 128, 64, 1, repeats, 1, null, null, null, Theory.UNKNOWN);
    }

    @Test
    void medians_are_taken_over_the_repeats() {
        var m = of(List.of(repeat(70, 17), repeat(74, 16), repeat(72, 18)));

        assertThat(m.median(TaskMeasurement.Repeat::prefillTokensPerSecond)).isEqualTo(72);
        assertThat(m.median(TaskMeasurement.Repeat::decodeTokensPerSecond)).isEqualTo(17);
    }

    @Test
    void an_even_number_of_repeats_has_the_mean_of_the_middle_two_as_median() {
        assertThat(of(List.of(repeat(70, 10), repeat(80, 20))).median(TaskMeasurement.Repeat::decodeTokensPerSecond)).isEqualTo(15);
    }

    @Test
    void repeats_within_ten_percent_of_each_other_are_trusted() {
        var m = of(List.of(repeat(100, 20), repeat(104, 20.8), repeat(96, 19.2)));

        assertThat(m.spread()).isCloseTo(0.08, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(m.trusted()).isTrue();
    }

    @Test
    void a_decode_spread_over_ten_percent_makes_the_result_untrusted_even_when_prefill_agrees() {
        var m = of(List.of(repeat(100, 17.1), repeat(100, 15.1), repeat(100, 13.6)));

        assertThat(m.spread()).isGreaterThan(TaskMeasurement.TRUSTED_SPREAD);
        assertThat(m.trusted()).isFalse();
    }

    @Test
    void a_single_repeat_has_no_spread() {
        assertThat(of(List.of(repeat(70, 17))).spread()).isZero();
    }
}
