package org.archlab.benchmark.jobs;

import org.archlab.architecture.catalog.ReferenceCatalog;
import org.archlab.architecture.hf.HfConfigImporter;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.problems.ApiProblem;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A request's {@code scale}: how it is read, and the memory check of the variants before a job is accepted. */
class ScaleRequestTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long EIGHT_GIB = 8L << 30;
    private static final InferenceCapabilities CPU_SERVER = new InferenceCapabilities("jvm", "jvm", List.of("auto", "jvm"),
            List.of("F32", "F16", "Q4_0", "Q8_0", "BF16"), IntStream.rangeClosed(1, 64).boxed().toList(), 32_768, EIGHT_GIB, null);

    /** The registry as far as these tests need it: the catalog's specs. */
    private static final KnownArchitectures CATALOG = new KnownArchitectures() {
        @Override
        public Answer of(String name) {
            return spec(name).isPresent() ? Answer.KNOWN : Answer.UNKNOWN;
        }

        @Override
        public Optional<ArchitectureSpec> spec(String name) {
            return ReferenceCatalog.shipped().stream().filter(e -> e.name().equals(name)).findFirst()
                    .map(e -> HfConfigImporter.importConfig(e.hfConfig()));
        }
    };

    private static BenchmarkRequest request(String weights, String dtype, String scale, String... architectures) {
        return new BenchmarkRequest(List.of(architectures), null, weights, dtype, null, null, null, List.of(4096, 32_768), null, null,
                null, null, null, null, scale == null ? null : JSON.readTree(scale));
    }

    private static List<String> refused(BenchmarkRequest request) {
        var problem = catchThrowableOfType(ApiProblem.class, () -> request.toSpec(CPU_SERVER, CATALOG));
        return problem == null ? List.of() : problem.errors().stream().map(e -> e.field() + ": " + e.message()).toList();
    }

    @Test
    void scale_is_none_fit_or_the_layers_and_experts_to_keep() {
        assertThat(request(null, null, null, "qwen3-0.6b").toSpec(CPU_SERVER, CATALOG).scale()).isEqualTo(Scale.NONE);
        assertThat(request(null, null, "\"none\"", "qwen3-0.6b").toSpec(CPU_SERVER, CATALOG).scale()).isEqualTo(Scale.NONE);
        assertThat(request(null, null, "\"fit\"", "deepseek-v3").toSpec(CPU_SERVER, CATALOG).scale()).isEqualTo(Scale.FIT);
        assertThat(request(null, null, "{\"layers\": 4, \"experts\": 16}", "deepseek-v3").toSpec(CPU_SERVER, CATALOG).scale())
                .isEqualTo(new Scale("explicit", 4, 16));
    }

    @Test
    void a_scale_that_is_none_of_these_is_refused_naming_the_field() {
        assertThat(refused(request(null, null, "\"small\"", "qwen3-0.6b"))).singleElement().asString().startsWith("scale: ");
        assertThat(refused(request(null, null, "{\"layers\": 0}", "qwen3-0.6b"))).singleElement().asString().startsWith("scale.layers: ");
        assertThat(refused(request(null, null, "{\"experts\": 2.5}", "qwen3-0.6b"))).singleElement().asString().startsWith("scale.experts: ");
        assertThat(refused(request(null, null, "{\"layer\": 2}", "qwen3-0.6b"))).contains(
                "scale.layer: is not a field of scale; known: layers, experts");
        assertThat(refused(request(null, null, "{}", "qwen3-0.6b"))).singleElement().asString().startsWith("scale: ");
    }

    @Test
    void a_checkpoint_is_not_scaled() {
        assertThat(refused(request("model", null, "\"fit\"", "my-checkpoint"))).containsExactly(
                "scale: only random weights are scaled: a checkpoint runs as it is");
    }

    @Test
    void an_architecture_whose_smallest_variant_exceeds_the_budget_is_refused_up_front_naming_it() {
        // In F32, two layers of DeepSeek-V3 (a dense one and a MoE one with 16 experts) and its tables are past 8 GiB.
        assertThat(refused(request(null, "F32", "\"fit\"", "qwen3-0.6b", "deepseek-v3"))).singleElement().asString()
                .startsWith("architectures[1]: deepseek-v3 cannot fit even scaled: its smallest variant (2 of 61 layers, 16 of 256 experts) needs ")
                .contains("more than inference-service's memory budget of " + EIGHT_GIB + " bytes");
    }

    @Test
    void an_explicit_scaling_past_the_budget_is_refused_up_front_naming_the_architecture() {
        assertThat(refused(request(null, null, "{\"layers\": 30}", "deepseek-v3"))).singleElement().asString()
                .startsWith("architectures[0]: deepseek-v3 scaled to 30 of 61 layers, 256 of 256 experts needs ")
                .endsWith("keep fewer layers or experts, or ask for \"scale\": \"fit\"");
        assertThat(refused(request(null, null, "{\"layers\": 4, \"experts\": 16}", "deepseek-v3"))).isEmpty();
    }

    @Test
    void the_headline_models_of_the_comparison_fit_scaled() {
        assertThat(refused(request(null, null, "\"fit\"", "deepseek-v3", "gemma-3-27b", "qwen3-235b-a22b",
                "llama-4-maverick-17b-128e", "gpt-oss-120b", "qwen3-next-80b-a3b"))).isEmpty();
    }

    @Test
    void a_fit_must_hold_a_cache_per_sequence_of_the_largest_batch() {
        // Six layers of Gemma 3 27B fit 8 GiB with one 32k cache (about 0.6 GiB), not with 32 of them.
        assertThat(refused(batched(List.of(1, 4), "\"fit\"", "gemma-3-27b"))).isEmpty();
        assertThat(refused(batched(List.of(1, 32), "\"fit\"", "gemma-3-27b"))).singleElement().asString()
                .startsWith("architectures[0]: gemma-3-27b cannot fit even scaled: its smallest variant (6 of 62 layers) needs ")
                .contains(" bytes at 32768 tokens × 32 sequences in Q8_0 ")
                .endsWith("; smaller batch sizes need less");
        assertThat(refused(batched(List.of(32), "{\"layers\": 12}", "gemma-3-27b"))).singleElement().asString()
                .startsWith("architectures[0]: gemma-3-27b scaled to 12 of 62 layers needs ")
                .endsWith("keep fewer layers or experts or smaller batch sizes, or ask for \"scale\": \"fit\"");
    }

    private static BenchmarkRequest batched(List<Integer> batchSizes, String scale, String... architectures) {
        return new BenchmarkRequest(List.of(architectures), null, null, null, null, null, null, List.of(4096, 32_768), null,
                batchSizes, null, null, null, null, JSON.readTree(scale));
    }

    @Test
    void a_pinned_revision_is_refused_because_variants_derive_from_the_latest() {
        assertThat(refused(request(null, null, "\"fit\"", "qwen3-0.6b@1"))).singleElement().asString().startsWith("architectures[0]: ");
    }
}
