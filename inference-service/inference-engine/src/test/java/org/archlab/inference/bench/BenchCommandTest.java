package org.archlab.inference.bench;

import org.archlab.inference.Fixtures;
import org.archlab.inference.measurement.ScriptedClock;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bench's report has the fields the issue and the benchmark service read; timing only from a scripted clock. */
class BenchCommandTest {

    private static BenchCommand.BenchOptions options(String... extra) {
        String[] base = {"--model", Fixtures.gguf("llama").toString(), "--prompt", "8", "--generate", "4",
                "--threads", "2", "--repeats", "2", "--no-bandwidth"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return BenchCommand.BenchOptions.parse(args);
    }

    @Test
    void a_gguf_run_reports_throughput_latency_and_memory() throws Exception {
        var report = BenchCommand.run(options());
        assertThat(report).containsKeys("prefillTokensPerSecond", "decodeTokensPerSecond", "timeToFirstTokenMs",
                "weightBytes", "kvCacheBytes", "backend", "loadSeconds", "residentBytesAfterLoad", "peakResidentBytes");
        assertThat((double) report.get("decodeTokensPerSecond")).isPositive();
        assertThat(report.get("backend")).isEqualTo("jvm");
        assertThat((List<?>) report.get("decodeTokensPerSecondRuns")).hasSize(2);
    }

    @Test
    void a_depth_run_decodes_after_that_many_tokens_of_context() throws Exception {
        var report = BenchCommand.run(options("--depth", "40"));
        assertThat(report.get("depth")).isEqualTo(40);
        assertThat(report.get("contextLength")).isEqualTo(44);
        assertThat((double) report.get("decodeTokensPerSecond")).isPositive();
        assertThat((double) report.get("prefillTokensPerSecond")).isPositive();
        assertThat(report.get("kvCacheBytes")).isEqualTo(report.get("kvCacheBytesTheory"));
    }

    @Test
    void every_mode_reports_the_figures_of_the_one_measurement_from_its_clock() throws Exception {
        // One millisecond per clock reading: 1 ms to the first token, then 1 ms per decoded token.
        for (String[] mode : new String[][]{{}, {"--depth", "20"}, {"--batch", "2"}}) {
            var report = BenchCommand.run(options(mode), ScriptedClock.millisecondPerReading());
            int batch = mode.length > 0 && mode[0].equals("--batch") ? 2 : 1;
            assertThat(report.get("timeToFirstTokenMs")).as("%s", List.of(mode)).isEqualTo(1.0);
            assertThat(report.get("prefillTokensPerSecond")).as("%s", List.of(mode)).isEqualTo(batch * 8000.0);
            assertThat(report.get("decodeTokensPerSecond")).as("%s", List.of(mode)).isEqualTo(batch * 1000.0);
            assertThat(report.get("decodeTokensPerSecondRuns")).as("%s", List.of(mode)).isEqualTo(List.of(batch * 1000.0, batch * 1000.0));
            assertThat(report.get("interTokenLatencyP50Ms")).as("%s", List.of(mode)).isEqualTo(1.0);
            assertThat(report.get("interTokenLatencyP99Ms")).as("%s", List.of(mode)).isEqualTo(1.0);
        }
    }

    @Test
    void a_depth_shorter_than_the_prompt_is_refused_by_name() {
        assertThatThrownBy(() -> options("--depth", "4")).hasMessageContaining("--depth").hasMessageContaining("--prompt");
    }

    @Test
    void a_batch_run_sums_throughput_over_its_sequences_and_holds_the_kv_bytes_the_theory_says() throws Exception {
        var report = BenchCommand.run(options("--batch", "3", "--depth", "10"));
        assertThat(report.get("batch")).isEqualTo(3);
        assertThat(report.get("context")).isEqualTo(10);
        assertThat(report.get("contextLength")).isEqualTo(14);
        assertThat((double) report.get("decodeTokensPerSecond")).isPositive();
        assertThat((double) report.get("interTokenLatencyP99Ms")).isGreaterThanOrEqualTo((double) report.get("interTokenLatencyP50Ms"));
        assertThat(report.get("batchKvCacheBytes")).isEqualTo(report.get("batchKvCacheBytesTheory"));
        assertThat(report.get("kvCacheBytes")).isEqualTo(report.get("batchKvCacheBytes"));
    }

    @Test
    void a_run_over_f16_caches_holds_half_the_kv_bytes_and_says_which_type_it_ran() throws Exception {
        var full = BenchCommand.run(options("--batch", "2", "--depth", "10"));
        var half = BenchCommand.run(options("--batch", "2", "--depth", "10", "--kv-dtype", "f16"));
        assertThat(full.get("kvDtype")).isEqualTo("F32");
        assertThat(half.get("kvDtype")).isEqualTo("F16");
        assertThat(half.get("kvCacheBytes")).isEqualTo(half.get("kvCacheBytesTheory"))
                .isEqualTo((long) full.get("kvCacheBytes") / 2);
        assertThat((double) half.get("decodeTokensPerSecond")).isPositive();
    }

    @Test
    void a_mixture_of_experts_run_reports_how_the_router_spread_the_tokens() throws Exception {
        var report = BenchCommand.run(BenchCommand.BenchOptions.parse(new String[]{"--model",
                Fixtures.gguf("qwen3moe").toString(), "--prompt", "8", "--generate", "4", "--repeats", "1",
                "--warmup", "0", "--no-bandwidth"}));
        var load = (ExpertLoad) report.get("expertLoad");
        // 8 prompt tokens, then 4 decoded after the first, 2 experts each, 3 MoE layers
        assertThat(Arrays.stream(load.tokensPerExpert()).sum()).isEqualTo((8 + 4) * 2 * 3);
        assertThat(load.maxOverMean()).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void unknown_options_and_missing_values_are_refused_by_name() {
        assertThatThrownBy(() -> BenchCommand.BenchOptions.parse(new String[]{"--model", "x.gguf", "--fast"}))
                .hasMessageContaining("--fast");
        assertThatThrownBy(() -> BenchCommand.BenchOptions.parse(new String[]{"--model"}))
                .hasMessageContaining("--model");
        assertThatThrownBy(() -> BenchCommand.BenchOptions.parse(new String[]{"--model", "x.gguf", "--batch", "0"}))
                .hasMessageContaining("--batch");
        assertThatThrownBy(() -> BenchCommand.BenchOptions.parse(new String[]{"--prompt", "4"}))
                .hasMessageContaining("--model is required");
        assertThatThrownBy(() -> BenchCommand.BenchOptions.parse(new String[]{"--model", "x.gguf", "--kv-dtype", "Q8_0"}))
                .hasMessageContaining("--kv-dtype").hasMessageContaining("Q8_0");
    }
}
