package org.archlab.benchmark.jobs;

import org.archlab.problems.ApiProblem;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Batch size as a dimension of a job: {@code batchSizes}, the single {@code batch} as its shorthand, and stored jobs. */
class BatchSizesRequestTest {

    private static final InferenceCapabilities UP_TO_16 = new InferenceCapabilities("jvm", "stand-in", List.of("auto", "jvm"),
            List.of("Q8_0"), IntStream.rangeClosed(1, 16).boxed().toList(), 32_768);

    private static BenchmarkRequest request(List<String> architectures, Integer batch, List<Integer> batchSizes) {
        return new BenchmarkRequest(architectures, null, null, null, null, null, null, List.of(512, 4096), batch, batchSizes,
                null, null, null, null, null);
    }

    private static List<String> fieldsRefused(InferenceCapabilities inference, BenchmarkRequest request) {
        var problem = catchThrowableOfType(ApiProblem.class, () -> request.toSpec(inference, KnownArchitectures.UNCHECKED));
        return problem == null ? List.of() : problem.errors().stream().map(ApiProblem.FieldError::field).toList();
    }

    @Test
    void batch_sizes_are_kept_in_the_order_given() {
        assertThat(request(List.of("a"), null, List.of(1, 8, 32)).toSpec().batchSizes()).containsExactly(1, 8, 32);
    }

    @Test
    void the_single_batch_is_shorthand_for_one_batch_size_and_none_means_one_sequence() {
        assertThat(request(List.of("a"), 4, null).toSpec().batchSizes()).containsExactly(4);
        assertThat(request(List.of("a"), null, null).toSpec().batchSizes()).containsExactly(1);
    }

    @Test
    void batch_and_batch_sizes_together_are_refused() {
        assertThat(fieldsRefused(null, request(List.of("a"), 1, List.of(1, 8)))).containsExactly("batchSizes");
    }

    @Test
    void sizes_outside_1_to_64_and_repeated_sizes_are_refused_by_index() {
        assertThat(fieldsRefused(null, request(List.of("a"), null, List.of(0, 8, 65, 8))))
                .containsExactly("batchSizes[0]", "batchSizes[2]", "batchSizes[3]");
        assertThat(fieldsRefused(null, request(List.of("a"), null, List.of()))).containsExactly("batchSizes");
    }

    @Test
    void sizes_inference_service_does_not_decode_are_refused_by_index_and_the_shorthand_by_its_own_name() {
        assertThat(fieldsRefused(UP_TO_16, request(List.of("a"), null, List.of(1, 8, 32)))).containsExactly("batchSizes[2]");
        assertThat(fieldsRefused(UP_TO_16, request(List.of("a"), 32, null))).containsExactly("batch");
        assertThat(fieldsRefused(UP_TO_16, request(List.of("a"), null, List.of(1, 8, 16)))).isEmpty();
    }

    @Test
    void every_batch_size_counts_towards_the_tasks_a_job_may_hold() {
        var names = IntStream.range(0, 32).mapToObj(i -> "arch-" + i).toList();

        assertThat(fieldsRefused(null, request(names, null, List.of(1, 2, 4, 8)))).isEmpty();
        assertThat(fieldsRefused(null, request(names, null, List.of(1, 2, 4, 8, 16)))).containsExactly("contextLengths");
    }

    @Test
    void a_job_stored_before_batch_sizes_existed_reads_its_single_batch_as_one_size() {
        var stored = """
                {"architectures": ["qwen3-0.6b"], "weights": "random", "dtype": "Q8_0", "backend": "auto", "promptTokens": 128,
                 "generateTokens": 64, "contextLengths": [512], "batch": 1, "repeats": 3, "warmup": 1, "seed": 1, "label": null}""";

        JobSpec spec = JsonMapper.builder().build().readValue(stored, JobSpec.class);

        assertThat(spec.batchSizes()).containsExactly(1);
        assertThat(spec.scale()).isEqualTo(Scale.NONE);
    }

    @Test
    void a_job_stored_now_reads_back_as_it_was_written() {
        JobSpec spec = request(List.of("a"), null, List.of(1, 8, 32)).toSpec();
        var json = JsonMapper.builder().build();

        assertThat(json.readValue(json.writeValueAsString(spec), JobSpec.class)).isEqualTo(spec);
    }
}
