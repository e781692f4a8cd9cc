package org.archlab.inference.measurement;

import org.archlab.inference.Fixtures;
import org.archlab.inference.cache.KvCacheType;
import org.archlab.inference.checkpoint.LoadMode;
import org.archlab.inference.kernels.jvm.JvmKernelBackend;
import org.archlab.inference.model.GgufModel;
import org.archlab.inference.model.RandomModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The measurement procedure on the llama fixture with a clock that moves one millisecond per reading: which readings
 * it takes, so which figures it reports, and the caches it measures over.
 */
class InferenceMeasurementTest {

    private static final int CONTEXT = 20;

    private static MeasuredContext measure(int batch, ScriptedClock clock) {
        return measure(batch, clock, KvCacheType.F32);
    }

    private static MeasuredContext measure(int batch, ScriptedClock clock, KvCacheType kvType) {
        var settings = new MeasurementSettings(8, 4, batch, 1, 2, 1, kvType);
        try (var kernels = new JvmKernelBackend(2);
             var model = GgufModel.open(Fixtures.gguf("llama"), LoadMode.MAPPED, kernels, 1)) {
            return new InferenceMeasurement(settings, clock, () -> {
            }).atContext(model.transformer(), CONTEXT);
        }
    }

    @Test
    void one_sequence_is_timed_from_prefill_to_first_token_then_token_by_token_after_the_fill() {
        var clock = ScriptedClock.millisecondPerReading();
        MeasuredContext measured = measure(1, clock);

        // prefill start, first token, decode start after the fill, then one reading per decoded token
        assertThat(clock.readings()).as("readings over 1 warmup and 2 kept passes").isEqualTo(3 * (3 + 4));
        assertThat(measured.repeats()).hasSize(2).allSatisfy(repeat ->
                assertThat(repeat).isEqualTo(new MeasuredRepeat(8, 4, 1.0, 8 / 0.001, 4 / 0.004, 1.0, 1.0)));
        assertThat(measured.contextLength()).isEqualTo(CONTEXT);
        assertThat(measured.decodeTokensPerSecond()).isEqualTo(new Spread(1000, 1000, 1000));
    }

    @Test
    void one_sequence_holds_a_cache_of_exactly_the_context_as_the_registry_estimates_it() {
        MeasuredContext measured = measure(1, ScriptedClock.millisecondPerReading());

        assertThat(measured.kvCacheBytes()).isPositive().isEqualTo(measured.kvCacheBytesTheory());
        try (var kernels = new JvmKernelBackend(1);
             var model = GgufModel.open(Fixtures.gguf("llama"), LoadMode.MAPPED, kernels, 1)) {
            assertThat(measured.kvCacheBytesTheory()).isEqualTo(RandomModel.estimatedCacheBytes(model.transformer().spec(), CONTEXT));
        }
    }

    @Test
    void a_batch_counts_every_sequences_prompt_and_tokens_and_holds_a_cache_for_each() {
        var clock = ScriptedClock.millisecondPerReading();
        MeasuredContext single = measure(1, ScriptedClock.millisecondPerReading());
        MeasuredContext batch = measure(3, clock);

        assertThat(clock.readings()).isEqualTo(3 * (3 + 4));
        assertThat(batch.repeats()).hasSize(2).allSatisfy(repeat ->
                assertThat(repeat).isEqualTo(new MeasuredRepeat(24, 12, 1.0, 24 / 0.001, 12 / 0.004, 1.0, 1.0)));
        assertThat(batch.kvCacheBytes()).isEqualTo(3 * single.kvCacheBytes()).isEqualTo(batch.kvCacheBytesTheory());
    }

    @ParameterizedTest(name = "{0}, batch {1}")
    @CsvSource({"F16, 1", "F16, 3", "BF16, 1", "BF16, 2"})
    void half_width_caches_hold_half_the_bytes_as_the_registry_estimates_them(KvCacheType kvType, int batch) {
        MeasuredContext half = measure(batch, ScriptedClock.millisecondPerReading(), kvType);
        MeasuredContext full = measure(batch, ScriptedClock.millisecondPerReading(), KvCacheType.F32);

        // llama has attention layers only, so every cached byte halves.
        assertThat(half.kvCacheBytes()).isEqualTo(full.kvCacheBytes() / 2).isEqualTo(half.kvCacheBytesTheory());
        try (var kernels = new JvmKernelBackend(1);
             var model = GgufModel.open(Fixtures.gguf("llama"), LoadMode.MAPPED, kernels, 1)) {
            assertThat(half.kvCacheBytesTheory())
                    .isEqualTo(RandomModel.estimatedCacheBytes(model.transformer().spec(), CONTEXT, kvType) * batch);
        }
    }

    @Test
    void a_context_too_short_for_the_prompt_and_the_generated_tokens_is_refused_by_name() {
        var measurement = new InferenceMeasurement(new MeasurementSettings(8, 4, 1, 0, 1, 1, KvCacheType.F32));
        try (var kernels = new JvmKernelBackend(1);
             var model = GgufModel.open(Fixtures.gguf("llama"), LoadMode.MAPPED, kernels, 1)) {
            assertThatThrownBy(() -> measurement.atContext(model.transformer(), 11)).hasMessageContaining("contextLength")
                    .hasMessageContaining("12");
        }
    }

    @Test
    void a_stop_request_abandons_the_measurement() {
        var settings = new MeasurementSettings(8, 4, 2, 0, 1, 1, KvCacheType.F32);
        try (var kernels = new JvmKernelBackend(1);
             var model = GgufModel.open(Fixtures.gguf("llama"), LoadMode.MAPPED, kernels, 1)) {
            var measurement = new InferenceMeasurement(settings, NanoClock.system(), () -> {
                throw new IllegalStateException("stopping");
            });
            assertThatThrownBy(() -> measurement.atContext(model.transformer(), CONTEXT)).hasMessage("stopping");
        }
    }

    @Test
    void models_measured_in_turn_alternate_pass_by_pass_and_each_gets_the_figures_of_its_own_passes() {
        // A pass reads the clock 3 + 4 times. Readings of pass p step p + 1 ms, so the order of the passes shows in the
        // speeds: in turn, the first model runs passes 1 and 3 (1000 and 333.33 tok/s), the second passes 2 and 4.
        long ms = 1_000_000;
        long[] steps = new long[4 * 7];
        for (int pass = 0; pass < 4; pass++) {
            Arrays.fill(steps, pass * 7, pass * 7 + 7, (pass + 1) * ms);
        }
        var settings = new MeasurementSettings(8, 4, 1, 0, 2, 1, KvCacheType.F32);
        try (var kernels = new JvmKernelBackend(1);
             var first = GgufModel.open(Fixtures.gguf("llama"), LoadMode.MAPPED, kernels, 1);
             var second = GgufModel.open(Fixtures.gguf("qwen3"), LoadMode.MAPPED, kernels, 1)) {
            List<MeasuredContext> measured = new InferenceMeasurement(settings, new ScriptedClock(steps), () -> {
            }).inTurn(List.of(first.transformer(), second.transformer()), CONTEXT);

            assertThat(measured).hasSize(2);
            assertThat(measured.get(0).repeats()).extracting(MeasuredRepeat::decodeTokensPerSecond).containsExactly(4 / 0.004, 4 / 0.012);
            assertThat(measured.get(1).repeats()).extracting(MeasuredRepeat::decodeTokensPerSecond).containsExactly(4 / 0.008, 4 / 0.016);
            assertThat(measured).extracting(MeasuredContext::kvCacheBytesTheory).containsExactly(
                    RandomModel.estimatedCacheBytes(first.transformer().spec(), CONTEXT),
                    RandomModel.estimatedCacheBytes(second.transformer().spec(), CONTEXT));
            assertThat(measured).allSatisfy(m -> assertThat(m.kvCacheBytes()).isEqualTo(m.kvCacheBytesTheory()));
        }
    }

    @Test
    void settings_out_of_range_are_refused_by_name() {
        assertThatThrownBy(() -> new MeasurementSettings(0, 4, 1, 0, 1, 1, KvCacheType.F32)).hasMessageContaining("promptTokens");
        assertThatThrownBy(() -> new MeasurementSettings(8, 0, 1, 0, 1, 1, KvCacheType.F32)).hasMessageContaining("generateTokens");
        assertThatThrownBy(() -> new MeasurementSettings(8, 4, 0, 0, 1, 1, KvCacheType.F32)).hasMessageContaining("batch");
        assertThatThrownBy(() -> new MeasurementSettings(8, 4, 1, -1, 1, 1, KvCacheType.F32)).hasMessageContaining("warmup");
        assertThatThrownBy(() -> new MeasurementSettings(8, 4, 1, 0, 0, 1, KvCacheType.F32)).hasMessageContaining("repeats");
        assertThatThrownBy(() -> new MeasurementSettings(8, 4, 1, 0, 1, 1, null)).hasMessageContaining("kvType");
    }
}
