package org.archlab.inference.server.runs;

import org.archlab.inference.Fixtures;
import org.archlab.inference.bench.BenchCommand;
import org.archlab.inference.bench.ExpertLoad;
import org.archlab.inference.cache.KvCacheType;
import org.archlab.inference.measurement.ScriptedClock;
import org.archlab.inference.measurement.Spread;
import org.archlab.inference.model.RandomModel;
import org.archlab.inference.server.models.LoadedModels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agreement check: {@code ./archlab bench} and a measured run of the same model and settings report the
 * same figures. Both read a scripted clock whose steps vary, so a path that read it once more, once less or in
 * another order would report other numbers; the comparison is exact and cannot be flaky.
 */
class BenchAgreesWithMeasuredRunTest {

    private static final int PROMPT = 8;
    private static final int GENERATE = 4;
    private static final int WARMUP = 1;
    private static final int REPEATS = 2;
    private static final RunEnvironment ENVIRONMENT = new RunEnvironment("25", "Linux", "test CPU", 2, "test");

    /** Steps of 1 to 11 ms in a scrambled order, a cycle that no pass's readings line up with. */
    private static ScriptedClock clock() {
        long[] steps = new long[200];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = ((i * 4L) % 11 + 1) * 1_000_000;
        }
        return new ScriptedClock(steps);
    }

    @ParameterizedTest(name = "{0} with bench options [{1}]")
    @CsvSource(delimiter = '|', value = {
            "llama    | ''                                  | 1 | 12 | F32",
            "llama    | --depth 20                          | 1 | 24 | F32",
            "llama    | --batch 3 --depth 20                | 3 | 24 | F32",
            "llama    | --batch 2 --depth 20 --kv-dtype F16 | 2 | 24 | F16",
            "llama    | --depth 20 --kv-dtype BF16          | 1 | 24 | BF16",
            "qwen3moe | ''                                  | 1 | 12 | F32"})
    void bench_and_a_measured_run_report_the_same_figures(String fixture, String modeOptions, int batch, int context,
                                                          KvCacheType kvType) throws Exception {
        var benchClock = clock();
        Map<String, Object> bench = BenchCommand.run(benchOptions(fixture, modeOptions), benchClock);

        var runClock = clock();
        var request = new RunRequest(fixture, "checkpoint", null, kvType.name(), "jvm", PROMPT, GENERATE, List.of(context), batch,
                WARMUP, REPEATS, 1L, null);
        RunResult run;
        try (var model = LoadedModels.gguf(fixture, Fixtures.gguf(fixture), 2, 1)) {
            run = new MeasurementProcedure(model, request, () -> false, runClock).measure(ENVIRONMENT);
            assertThat(run.contexts().getFirst().kvCacheBytes()).as("KV bytes: measured = the registry's estimate × batch")
                    .isEqualTo(RandomModel.estimatedCacheBytes(model.transformer().spec(), context, kvType) * batch);
        }
        assertThat(run.kvDtype()).isEqualTo(kvType.name()).isEqualTo(bench.get("kvDtype"));
        RunResult.ContextMeasurement measured = run.contexts().getFirst();
        List<RunResult.Repeat> repeats = measured.repeats();

        assertThat(runClock.readings()).as("clock readings: prefill start, first token, decode start and one per token")
                .isEqualTo(benchClock.readings()).isEqualTo((WARMUP + REPEATS) * (3 + GENERATE));
        assertThat(repeats.get(0)).as("the scripted clock gives the repeats different figures").isNotEqualTo(repeats.get(1));
        assertThat(bench.get("contextLength")).isEqualTo(measured.contextLength());
        assertThat(bench.get("timeToFirstTokenMs")).isEqualTo(BenchCommand.round(measured.summary().timeToFirstTokenMs().median()));
        assertThat(bench.get("prefillTokensPerSecond")).isEqualTo(BenchCommand.round(measured.summary().prefillTokensPerSecond().median()));
        assertThat(bench.get("decodeTokensPerSecond")).isEqualTo(BenchCommand.round(measured.summary().decodeTokensPerSecond().median()));
        assertThat(bench.get("decodeTokensPerSecondRuns"))
                .isEqualTo(repeats.stream().map(r -> BenchCommand.round(r.decodeTokensPerSecond())).toList());
        assertThat(bench.get("interTokenLatencyP50Ms")).isEqualTo(median(repeats, RunResult.Repeat::interTokenLatencyP50Ms));
        assertThat(bench.get("interTokenLatencyP99Ms")).isEqualTo(median(repeats, RunResult.Repeat::interTokenLatencyP99Ms));
        assertThat(bench.get("kvCacheBytes")).isEqualTo(measured.kvCacheBytes());
        assertThat(bench.get("weightBytes")).isEqualTo(run.weightBytes());
        if (measured.tokensPerExpert().length > 0) {
            assertThat(((ExpertLoad) bench.get("expertLoad")).tokensPerExpert()).as("tokens each expert processed")
                    .isEqualTo(measured.tokensPerExpert());
        }
    }

    private static BenchCommand.BenchOptions benchOptions(String fixture, String modeOptions) {
        List<String> args = new ArrayList<>(List.of("--model", Fixtures.gguf(fixture).toString(), "--prompt", String.valueOf(PROMPT),
                "--generate", String.valueOf(GENERATE), "--warmup", String.valueOf(WARMUP), "--repeats", String.valueOf(REPEATS),
                "--threads", "2", "--load", "mapped", "--backend", "jvm", "--no-bandwidth"));
        if (!modeOptions.isBlank()) {
            args.addAll(List.of(modeOptions.trim().split("\\s+")));
        }
        return BenchCommand.BenchOptions.parse(args.toArray(String[]::new));
    }

    private static double median(List<RunResult.Repeat> repeats, ToDoubleFunction<RunResult.Repeat> figure) {
        return BenchCommand.round(Spread.of(repeats.stream().mapToDouble(figure).toArray()).median());
    }
}
