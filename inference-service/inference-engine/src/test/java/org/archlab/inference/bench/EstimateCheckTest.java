package org.archlab.inference.bench;

import org.archlab.architecture.analysis.FullSizeEstimate;
import org.archlab.architecture.analysis.FullSizeEstimate.Footprint;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Dtype;
import org.archlab.architecture.spec.ScaledVariant;
import org.archlab.architecture.spec.Scaling;
import org.archlab.inference.kernels.jvm.JvmKernelBackend;
import org.archlab.inference.measurement.ScriptedClock;
import org.archlab.inference.model.ModelTooLargeException;
import org.archlab.inference.model.RandomModel;
import org.archlab.inference.tensor.GgmlType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code ./archlab bench --estimate-check} measures the variant and the full model through the engine's one
 * measurement, in turn, and sets the estimate from the variant's speed against the full model's.
 */
class EstimateCheckTest {

    private static EstimateCheck.Options options(String... args) {
        return EstimateCheck.Options.parse(args);
    }

    private static final EstimateCheck.Options TINY = options("--model", TinyCatalog.NAME, "--layers", "2", "--generate", "4",
            "--warmup", "1", "--repeats", "2", "--threads", "1", "--contexts", "32,128");

    @Test
    void each_context_compares_the_estimate_from_the_variants_speed_with_the_full_models_measured_speed() {
        // A pass reads the clock 3 + 4 times; the variant's and the full model's passes alternate (2 contexts, each
        // 1 warmup and 2 kept passes per model), so with 1 ms per reading for the variant's passes and 4 ms for the
        // full model's, their speeds are 1000 and 250 tok/s.
        long ms = 1_000_000;
        long[] steps = new long[2 * 2 * 3 * 7];
        for (int pass = 0; pass < steps.length / 7; pass++) {
            Arrays.fill(steps, pass * 7, pass * 7 + 7, pass % 2 == 0 ? ms : 4 * ms);
        }
        var handed = new ArrayList<EstimateCheck.Row>();
        List<EstimateCheck.Row> rows;
        try (var kernels = new JvmKernelBackend(1)) {
            rows = EstimateCheck.rows(TinyCatalog.spec(), TINY, kernels, new ScriptedClock(steps), Long.MAX_VALUE, handed::add);
        }

        assertThat(rows).isEqualTo(handed).extracting(EstimateCheck.Row::context).containsExactly(32, 128);
        ArchitectureSpec full = TinyCatalog.spec();
        ArchitectureSpec variant = ScaledVariant.of(full, 2, Integer.MAX_VALUE);
        for (EstimateCheck.Row row : rows) {
            assertThat(row.scaling()).isEqualTo(Scaling.between(full, variant));
            assertThat(row.variantTokensPerSecond()).isEqualTo(1000.0);
            assertThat(row.fullTokensPerSecond()).isEqualTo(250.0);
            double estimate = FullSizeEstimate.of(1000, Footprint.of(variant, Dtype.Q8_0, Dtype.F32, row.context()),
                    Footprint.of(full, Dtype.Q8_0, Dtype.F32, row.context())).decodeTokensPerSecond();
            assertThat(row.estimatedTokensPerSecond()).isEqualTo(estimate);
            assertThat(row.error()).isCloseTo(estimate / 250 - 1, within(1e-12));
            assertThat(row.markdown()).startsWith("| " + TinyCatalog.NAME + " | 2 of 4 layers | " + row.context() + " | 1000.00 | ");
        }
    }

    @Test
    void both_models_with_their_longest_caches_must_fit_before_either_is_built() {
        ArchitectureSpec full = TinyCatalog.spec();
        ArchitectureSpec variant = ScaledVariant.of(full, 2, Integer.MAX_VALUE);
        long both = RandomModel.estimatedBytes(variant, GgmlType.Q8_0, 132) + RandomModel.estimatedBytes(full, GgmlType.Q8_0, 132);
        try (var kernels = new JvmKernelBackend(1)) {
            assertThatThrownBy(() -> EstimateCheck.rows(full, TINY, kernels, ScriptedClock.millisecondPerReading(), both - 1, row -> {
            })).isInstanceOf(ModelTooLargeException.class).hasMessageContaining("caches of 132 positions");
            assertThat(EstimateCheck.rows(full, TINY, kernels, ScriptedClock.millisecondPerReading(), both, row -> {
            })).hasSize(2);
        }
    }

    @Test
    void unknown_options_and_missing_values_are_refused_by_name() {
        assertThatThrownBy(() -> options("--model")).hasMessageContaining("--model needs a value");
        assertThatThrownBy(() -> options("--fast", "1")).hasMessageContaining("--fast").hasMessageContaining("--repeats");
    }
}
