package org.archlab.benchmark.jobs;

import org.archlab.problems.ApiProblem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class BenchmarkRequestTest {

    private static BenchmarkRequest request(List<String> architectures, List<Integer> contexts) {
        return new BenchmarkRequest(architectures, null, null, null, null, null, null, contexts, null, null, null, null, null);
    }

    private static List<String> fieldsRefused(BenchmarkRequest request) {
        var problem = catchThrowableOfType(ApiProblem.class, request::toSpec);
        return problem.errors().stream().map(ApiProblem.FieldError::field).toList();
    }

    @Test
    void defaults_fill_every_setting_left_out() {
        JobSpec spec = request(List.of("qwen3-0.6b"), null).toSpec();

        assertThat(spec).isEqualTo(new JobSpec(List.of("qwen3-0.6b"), "random", "Q8_0", "auto", 128, 64, List.of(4096), 1, 3, 1, 1L, null));
    }

    @Test
    void repeated_names_and_context_lengths_become_one_task_each() {
        JobSpec spec = request(List.of("a", "a", "b"), List.of(512, 512, 4096)).toSpec();

        assertThat(spec.architectures()).containsExactly("a", "b");
        assertThat(spec.contextLengths()).containsExactly(512, 4096);
    }

    @Test
    void a_context_too_short_for_prompt_and_generated_tokens_is_refused_by_index() {
        assertThat(fieldsRefused(request(List.of("a"), List.of(4096, 64)))).containsExactly("contextLengths[1]");
    }

    @Test
    void neither_architectures_nor_a_sweep_is_refused() {
        assertThat(fieldsRefused(request(List.of(), null))).containsExactly("architectures");
    }

    @Test
    void a_sweep_without_variants_is_refused() {
        var sweep = new BenchmarkRequest(null, new BenchmarkRequest.Sweep("qwen3-0.6b", List.of()), null, null, null, null, null,
                null, null, null, null, null, null);

        assertThat(fieldsRefused(sweep)).containsExactly("sweep.variants");
    }

    @Test
    void more_tasks_than_one_job_may_hold_are_refused() {
        var names = java.util.stream.IntStream.range(0, 30).mapToObj(i -> "arch-" + i).toList();
        var contexts = java.util.stream.IntStream.range(1, 10).mapToObj(i -> i * 1024).toList();

        assertThat(fieldsRefused(request(names, contexts))).containsExactly("contextLengths");
    }
}
