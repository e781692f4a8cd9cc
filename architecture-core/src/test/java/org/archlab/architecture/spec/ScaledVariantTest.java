package org.archlab.architecture.spec;

import org.archlab.architecture.Catalog;
import org.archlab.architecture.Reference;
import org.archlab.architecture.analysis.RunMemory;
import org.archlab.architecture.hf.HfConfigImporter;
import org.archlab.architecture.validation.SpecValidator;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScaledVariantTest {

    private static final long EIGHT_GIB = 8L << 30;

    static Stream<Arguments> everyModel() {
        return Reference.models().stream().map(m -> Arguments.of(m.name(), HfConfigImporter.importConfig(m.hfConfig())));
    }

    private static long bytes(ArchitectureSpec spec) {
        return RunMemory.bytes(spec, Dtype.Q8_0, 32_768);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyModel")
    void the_smallest_variant_is_valid_and_keeps_every_width_and_kind_of_layer(String name, ArchitectureSpec spec) {
        ArchitectureSpec small = ScaledVariant.smallest(spec);
        assertThat(SpecValidator.violations(small)).isEmpty();
        assertThat(small.hiddenSize()).isEqualTo(spec.hiddenSize());
        assertThat(small.vocabSize()).isEqualTo(spec.vocabSize());
        assertThat(small.attention()).isEqualTo(spec.attention());
        assertThat(small.feedForward()).isEqualTo(spec.feedForward());
        assertThat(kinds(small)).isEqualTo(kinds(spec));
        if (spec.hasMoe()) {
            assertThat(small.moe().topK()).isEqualTo(spec.moe().topK());
            assertThat(small.moe().expertIntermediateSize()).isEqualTo(spec.moe().expertIntermediateSize());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyModel")
    void a_fitted_variant_fits_and_the_next_larger_layer_count_would_not(String name, ArchitectureSpec spec) {
        var fitted = ScaledVariant.fit(spec, ScaledVariantTest::bytes, EIGHT_GIB);
        if (fitted.isEmpty()) {
            assertThat(bytes(ScaledVariant.smallest(spec))).isGreaterThan(EIGHT_GIB);
            return;
        }
        ArchitectureSpec variant = fitted.get();
        assertThat(bytes(variant)).isLessThanOrEqualTo(EIGHT_GIB);
        List<Integer> counts = ScaledVariant.layerCounts(spec);
        int next = counts.indexOf(variant.layers()) + 1;
        if (next < counts.size()) {
            int experts = variant.hasMoe() ? variant.moe().experts() : Integer.MAX_VALUE;
            assertThat(bytes(ScaledVariant.of(spec, counts.get(next), experts))).isGreaterThan(EIGHT_GIB);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyModel")
    void whole_cycles_keep_each_mixer_in_its_share_of_the_layers(String name, ArchitectureSpec spec) {
        var full = mixerShares(spec);
        for (int layers : ScaledVariant.layerCounts(spec)) {
            ArchitectureSpec variant = ScaledVariant.of(spec, layers, Integer.MAX_VALUE);
            assertThat(variant.layers()).isEqualTo(layers);
            // Exact for whole cycles; the original's own count may end inside a cycle.
            mixerShares(variant).forEach((mixer, share) -> assertThat(share).as("share of %s layers in %d", mixer, layers)
                    .isCloseTo(full.get(mixer), Offset.offset(1.0 / spec.layers() * spec.schedule().mixers().size())));
        }
    }

    @Test
    void deepseek_v3_keeps_a_leading_dense_layer_top_k_and_its_expert_groups() {
        ArchitectureSpec spec = Catalog.spec("deepseek-v3");
        ArchitectureSpec scaled = ScaledVariant.of(spec, 8, 32);
        assertThat(scaled.layers()).isEqualTo(8);
        assertThat(scaled.schedule().leadingDenseLayers()).isEqualTo(1);
        assertThat(scaled.moe().experts()).isEqualTo(32);
        assertThat(scaled.moe().topK()).isEqualTo(8);
        assertThat(Scaling.between(spec, scaled)).isEqualTo(new Scaling(8, 61, 32, 256));
        assertThat(Scaling.between(spec, scaled)).hasToString("8 of 61 layers, 32 of 256 experts");
    }

    @Test
    void a_wish_between_two_cycles_keeps_the_next_whole_cycle() {
        ArchitectureSpec spec = Catalog.spec("gemma-3-27b");
        assertThat(ScaledVariant.of(spec, 8, Integer.MAX_VALUE).layers()).isEqualTo(12);
        assertThat(ScaledVariant.of(spec, 1, Integer.MAX_VALUE).layers()).isEqualTo(6);
    }

    @Test
    void kv_shared_layers_and_sparse_gates_shrink_in_proportion_but_never_to_none() {
        ArchitectureSpec base = Catalog.spec("gemma-3-27b");
        var s = base.schedule();
        ArchitectureSpec spec = new ArchitectureSpec(base.family(), base.vocabSize(), base.hiddenSize(), base.layers(),
                base.maxContext(), base.embeddings(), base.attention(), base.rope(), base.linearAttention(),
                new LayerSchedule(s.mixers(), s.rope(), s.ffn(), 0, 20), base.norm(), base.feedForward(), base.moe(),
                base.multiTokenPrediction(), base.output(), base.defaultDtype(), base.perLayerInputs(), base.residualStreams(),
                base.lowRankResidual(), new ActivationSparsity(10, 0.95));
        ArchitectureSpec scaled = ScaledVariant.of(spec, 12, Integer.MAX_VALUE);
        assertThat(SpecValidator.violations(scaled)).isEmpty();
        assertThat(scaled.schedule().kvSharedLayers()).isEqualTo(4);
        assertThat(scaled.activationSparsity().layers()).isEqualTo(2);
        assertThat(scaled.layerPlans().getLast().kvSharedFrom()).isNotNull();
    }

    @Test
    void a_fit_for_a_batch_of_32_leaves_room_for_32_caches_so_keeps_fewer_layers_and_experts_than_for_one() {
        ArchitectureSpec spec = Catalog.spec("qwen3-235b-a22b");
        ArchitectureSpec one = ScaledVariant.fit(spec, s -> RunMemory.bytes(s, Dtype.Q8_0, 4096, 1), EIGHT_GIB).orElseThrow();
        ArchitectureSpec many = ScaledVariant.fit(spec, s -> RunMemory.bytes(s, Dtype.Q8_0, 4096, 32), EIGHT_GIB).orElseThrow();

        assertThat(many.layers()).isLessThan(one.layers());
        assertThat(many.moe().experts()).isLessThan(one.moe().experts());
        assertThat(RunMemory.bytes(many, Dtype.Q8_0, 4096, 32)).isLessThanOrEqualTo(EIGHT_GIB);
        assertThat(RunMemory.bytes(one, Dtype.Q8_0, 4096, 32)).as("the batch-1 fit at batch 32").isGreaterThan(EIGHT_GIB);
        assertThat(RunMemory.bytes(one, Dtype.Q8_0, 4096)).isEqualTo(RunMemory.bytes(one, Dtype.Q8_0, 4096, 1));
    }

    @Test
    void a_batch_holds_the_weights_once_and_a_cache_per_sequence() {
        ArchitectureSpec spec = Catalog.spec("qwen3-0.6b");
        long weights = RunMemory.weightBytes(spec, Dtype.Q8_0);
        long cache = RunMemory.cacheBytes(spec, 4096);
        assertThat(RunMemory.bytes(spec, Dtype.Q8_0, 4096, 8)).isEqualTo(weights + 8 * cache);
        assertThatThrownBy(() -> RunMemory.bytes(spec, Dtype.Q8_0, 4096, 0)).hasMessageContaining("sequences");
    }

    @Test
    void a_model_that_fits_whole_is_not_scaled() {
        ArchitectureSpec spec = Catalog.spec("qwen3-0.6b");
        assertThat(ScaledVariant.fit(spec, ScaledVariantTest::bytes, EIGHT_GIB)).contains(spec);
    }

    @Test
    void nothing_fits_a_budget_below_the_smallest_variant() {
        ArchitectureSpec spec = Catalog.spec("qwen3-0.6b");
        assertThat(ScaledVariant.fit(spec, ScaledVariantTest::bytes, bytes(ScaledVariant.smallest(spec)) - 1)).isEmpty();
    }

    private static Set<List<Object>> kinds(ArchitectureSpec spec) {
        return spec.layerPlans().stream().map(p -> List.<Object>of(p.mixer(), p.mixer() != Mixer.LINEAR && p.rope(), p.ffn()))
                .collect(Collectors.toSet());
    }

    private static Map<Mixer, Double> mixerShares(ArchitectureSpec spec) {
        return spec.layerPlans().stream().collect(Collectors.groupingBy(LayerPlan::mixer,
                Collectors.collectingAndThen(Collectors.counting(), c -> (double) c / spec.layers())));
    }
}
