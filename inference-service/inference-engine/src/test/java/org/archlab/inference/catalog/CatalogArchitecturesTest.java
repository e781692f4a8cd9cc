package org.archlab.inference.catalog;

import org.archlab.architecture.analysis.KvCacheAnalysis;
import org.archlab.architecture.catalog.CatalogEntry;
import org.archlab.architecture.catalog.ReferenceCatalog;
import org.archlab.architecture.hf.HfConfigImporter;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Dtype;
import org.archlab.architecture.spec.ScaledVariant;
import org.archlab.inference.cache.ContextMemory;
import org.archlab.inference.kernels.jvm.JvmKernelBackend;
import org.archlab.inference.model.ModelTooLargeException;
import org.archlab.inference.model.RandomModel;
import org.archlab.inference.tensor.GgmlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every architecture of the catalog, in the engine: its memory as the registry counts it, and a run. */
class CatalogArchitecturesTest {

    private static List<CatalogEntry> catalog() {
        return ReferenceCatalog.shipped();
    }

    private static ArchitectureSpec spec(CatalogEntry entry) {
        return HfConfigImporter.importConfig(entry.hfConfig());
    }

    static Stream<Arguments> everyModel() {
        return catalog().stream().map(e -> Arguments.of(e.name(), spec(e)));
    }

    /** The smallest catalog model of each family. */
    static Stream<Arguments> oneModelPerFamily() {
        var smallest = new LinkedHashMap<String, CatalogEntry>();
        for (CatalogEntry e : catalog()) {
            smallest.merge(spec(e).family(), e, (a, b) -> weights(spec(a)) <= weights(spec(b)) ? a : b);
        }
        return smallest.values().stream().map(e -> Arguments.of(e.name(), spec(e)));
    }

    private static long weights(ArchitectureSpec spec) {
        return RandomModel.estimatedBytes(spec, GgmlType.Q4_0, 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyModel")
    void the_caches_and_states_allocated_equal_the_registry_analytics(String name, ArchitectureSpec spec) {
        assertThat(new ContextMemory(spec, 64).bytes()).isEqualTo(KvCacheAnalysis.of(spec, Dtype.F32, 64, 1).totalBytes());
        // Past every sliding window: the ring buffers stop growing exactly where the analytics cap them.
        var scaled = ScaledVariant.of(spec, ScaledVariant.layersKeepingEveryKind(spec), 16);
        assertThat(new ContextMemory(scaled, 2048).bytes()).isEqualTo(KvCacheAnalysis.of(scaled, Dtype.F32, 2048, 1).totalBytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneModelPerFamily")
    void a_scaled_variant_with_random_weights_runs_and_allocates_what_the_registry_predicts(String name, ArchitectureSpec spec) {
        var scaled = ScaledVariant.of(spec, ScaledVariant.layersKeepingEveryKind(spec), 4);
        try (var kernels = new JvmKernelBackend(2);
             var model = RandomModel.create(scaled, GgmlType.Q4_0, 7, kernels, 16, 2)) {
            float[][] logits = model.transformer().prefill(new int[]{1, 2, 3}, 0, true);
            float[] next = model.transformer().forward(4, 3);
            assertThat(logits).hasNumberOfRows(3);
            for (float v : next) {
                assertThat(Float.isFinite(v)).as("finite logits").isTrue();
            }
            assertThat(model.transformer().kvCacheBytes()).isEqualTo(KvCacheAnalysis.of(scaled, Dtype.F32, 16, 1).totalBytes());
        }
    }

    @Test
    void a_model_that_does_not_fit_is_refused_with_its_estimate_before_anything_is_allocated() {
        var deepseek = catalog().stream().filter(e -> e.name().equals("deepseek-v3")).map(CatalogArchitecturesTest::spec)
                .findFirst().orElseThrow();
        try (var kernels = new JvmKernelBackend(1)) {
            assertThatThrownBy(() -> RandomModel.create(deepseek, GgmlType.Q4_0, 1, kernels, 4096, 1, 8L << 30))
                    .isInstanceOf(ModelTooLargeException.class)
                    .hasMessageContaining("GiB").hasMessageContaining("scaled variant")
                    .satisfies(e -> assertThat(((ModelTooLargeException) e).estimatedBytes()).isGreaterThan(300L << 30));
        }
    }
}
