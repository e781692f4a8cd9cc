package org.archlab.benchmark.jobs;

import org.archlab.problems.ApiProblem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class BenchmarkRequestTest {

    private static BenchmarkRequest request(List<String> architectures, List<Integer> contexts) {
        return new BenchmarkRequest(architectures, null, null, null, null, null, null, contexts, null, null, null, null, null, null, null);
    }

    private static List<String> fieldsRefused(BenchmarkRequest request) {
        var problem = catchThrowableOfType(ApiProblem.class, request::toSpec);
        return problem.errors().stream().map(ApiProblem.FieldError::field).toList();
    }

    @Test
    void defaults_fill_every_setting_left_out() {
        JobSpec spec = request(List.of("qwen3-0.6b"), null).toSpec();

        assertThat(spec).isEqualTo(new JobSpec(List.of("qwen3-0.6b"), "random", "Q8_0", "auto", 128, 64, List.of(4096), List.of(1), 3, 1, 1L, null));
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
                null, null, null, null, null, null, null, null);

        assertThat(fieldsRefused(sweep)).containsExactly("sweep.variants");
    }

    private static final InferenceCapabilities GPU_SERVER = new InferenceCapabilities("tornadovm", "NVIDIA H100 (PTX)",
            List.of("auto", "tornadovm"), List.of("F16", "Q8_0"), List.of(1, 4), 8192);

    private static BenchmarkRequest settings(String dtype, String backend, Integer batch, List<Integer> contexts) {
        return new BenchmarkRequest(List.of("qwen3-0.6b"), null, null, dtype, backend, null, null, contexts, batch, null, null, null, null, null, null);
    }

    private static List<String> fieldsRefusedBy(InferenceCapabilities inference, BenchmarkRequest request) {
        var problem = catchThrowableOfType(ApiProblem.class, () -> request.toSpec(inference, KnownArchitectures.UNCHECKED));
        return problem == null ? List.of() : problem.errors().stream().map(ApiProblem.FieldError::field).toList();
    }

    @Test
    void settings_inference_service_states_it_runs_are_accepted() {
        assertThat(fieldsRefusedBy(GPU_SERVER, settings("F16", "tornadovm", 4, List.of(512, 8192)))).isEmpty();
    }

    @Test
    void settings_inference_service_states_it_cannot_run_are_refused_each_by_its_field() {
        assertThat(fieldsRefusedBy(GPU_SERVER, settings("Q4_0", "jvm", 2, List.of(512, 16384, 4096, 65536))))
                .containsExactly("batch", "backend", "dtype", "contextLengths[1]", "contextLengths[3]");
    }

    @Test
    void a_field_refused_on_its_own_is_not_named_again_for_inference_service() {
        assertThat(fieldsRefusedBy(GPU_SERVER, settings(null, null, 100, null))).containsExactly("batch");
    }

    @Test
    void the_weight_format_of_a_registered_checkpoint_is_its_own_and_not_checked() {
        var checkpoint = new BenchmarkRequest(List.of("my-checkpoint"), null, "model", "Q4_0", null, null, null, List.of(512), null,
                null, null, null, null, null, null);

        assertThat(fieldsRefusedBy(GPU_SERVER, checkpoint)).isEmpty();
    }

    @Test
    void without_stated_capabilities_only_what_needs_no_other_service_is_checked() {
        assertThat(fieldsRefusedBy(null, settings("Q4_0", "jvm", 2, List.of(65536)))).isEmpty();
    }

    private static BenchmarkRequest kvDtype(String kvDtype) {
        return new BenchmarkRequest(List.of("qwen3-0.6b"), null, null, null, null, null, null, List.of(512), null, null, null, null,
                null, null, null, kvDtype);
    }

    /** A TornadoVM server, which attends over F32 caches only. */
    private static final InferenceCapabilities F32_KV_SERVER = new InferenceCapabilities("tornadovm", "NVIDIA H100 (PTX)",
            List.of("auto", "tornadovm"), List.of("Q8_0"), List.of(1), 8192, null, null, List.of("F32"));

    @Test
    void a_kv_cache_format_is_named_in_any_case_and_kept_as_inference_service_names_it() {
        assertThat(kvDtype("f16").toSpec().kvDtype()).isEqualTo("F16");
        assertThat(kvDtype("Bf16").toSpec().kvDtype()).isEqualTo("BF16");
        assertThat(kvDtype("F32").toSpec().kvDtype()).isEqualTo("F32");
    }

    @Test
    void a_job_that_names_no_kv_cache_format_leaves_it_to_inference_service() {
        assertThat(kvDtype(null).toSpec().kvDtype()).isNull();
        assertThat(fieldsRefusedBy(F32_KV_SERVER, kvDtype(null))).isEmpty();
    }

    @Test
    void a_kv_cache_format_that_is_not_one_is_refused_naming_kvDtype() {
        assertThat(fieldsRefused(kvDtype("Q8_0"))).containsExactly("kvDtype");
        assertThat(fieldsRefused(kvDtype(""))).containsExactly("kvDtype");
    }

    @Test
    void a_kv_cache_format_inference_service_states_it_does_not_keep_is_refused_naming_kvDtype() {
        assertThat(fieldsRefusedBy(F32_KV_SERVER, kvDtype("f16"))).containsExactly("kvDtype");
        assertThat(fieldsRefusedBy(F32_KV_SERVER, kvDtype("f32"))).isEmpty();
        assertThat(fieldsRefusedBy(GPU_SERVER, kvDtype("BF16"))).as("a server that states no formats").isEmpty();
    }

    @Test
    void more_tasks_than_one_job_may_hold_are_refused() {
        var names = java.util.stream.IntStream.range(0, 30).mapToObj(i -> "arch-" + i).toList();
        var contexts = java.util.stream.IntStream.range(1, 10).mapToObj(i -> i * 1024).toList();

        assertThat(fieldsRefused(request(names, contexts))).containsExactly("contextLengths");
    }
}
