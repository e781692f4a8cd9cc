package org.archlab.architecture.analysis;

import org.archlab.architecture.Catalog;
import org.archlab.architecture.Reference;
import org.archlab.architecture.analysis.KvCacheAnalysis.CacheKind;
import org.archlab.architecture.gguf.GgufHeaderReader;
import org.archlab.architecture.gguf.GgufTensorInfo;
import org.archlab.architecture.spec.Activation;
import org.archlab.architecture.spec.ActivationSparsity;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Attention;
import org.archlab.architecture.spec.Dtype;
import org.archlab.architecture.spec.Embeddings;
import org.archlab.architecture.spec.FeedForward;
import org.archlab.architecture.spec.FfnKind;
import org.archlab.architecture.spec.LayerSchedule;
import org.archlab.architecture.spec.LowRankResidual;
import org.archlab.architecture.spec.Mixer;
import org.archlab.architecture.spec.Norm;
import org.archlab.architecture.spec.NormKind;
import org.archlab.architecture.spec.NormPlacement;
import org.archlab.architecture.spec.Output;
import org.archlab.architecture.spec.PerLayerInputs;
import org.archlab.architecture.spec.QkNorm;
import org.archlab.architecture.spec.ResidualStreams;
import org.archlab.architecture.spec.Rope;
import org.archlab.architecture.validation.SpecValidator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Gemma 3n's knobs in the analytics: the tensors they imply against llama.cpp's own file, resident and streamable
 * counts, KV sharing in the cache and the FLOPs.
 */
class Gemma3nAnalyticsTest {

    /** The spec of test-data/fixtures/gemma3n.gguf, written out from its README section. */
    static ArchitectureSpec fixtureSpec() {
        var attention = new Attention(4, 2, 16, 16, QkNorm.PER_HEAD, false, false, false, false, null, 1.0, 8, null,
                null, true);
        var schedule = new LayerSchedule(List.of(Mixer.SLIDING, Mixer.SLIDING, Mixer.SLIDING, Mixer.SLIDING, Mixer.FULL),
                List.of(true), List.of(FfnKind.DENSE), 0, 2);
        return new ArchitectureSpec("gemma3n", 264, 32, 22, 256, new Embeddings(true, null, true, 0), attention,
                new Rope(1e6, 1e4, 1.0, null, false), null, schedule, new Norm(NormKind.RMS, 1e-6, NormPlacement.SANDWICH, false),
                new FeedForward(Activation.GEGLU, 64, false), null, null, new Output(30.0, null), Dtype.F32,
                new PerLayerInputs(256, 264), new ResidualStreams(4, 0, true), new LowRankResidual(64),
                new ActivationSparsity(10, 0.95));
    }

    @Test
    void the_fixture_spec_is_valid_and_shares_layer_18_and_19s_caches_as_llama_cpp_does() {
        var spec = fixtureSpec();
        assertThat(SpecValidator.violations(spec)).isEmpty();
        var plans = spec.layerPlans();
        assertThat(plans.get(19).mixer()).isEqualTo(Mixer.FULL);
        assertThat(plans.get(20).kvSharedFrom()).isEqualTo(18);
        assertThat(plans.get(21).kvSharedFrom()).isEqualTo(18);
        assertThat(plans.subList(0, 20)).allMatch(p -> p.ownsCache());
        assertThat(plans.get(9).gateSparsity()).isEqualTo(0.95);
        assertThat(plans.get(10).gateSparsity()).isNull();
    }

    @Test
    void the_layout_names_and_shapes_every_tensor_of_llama_cpps_gemma3n_file_exactly() throws IOException {
        var header = GgufHeaderReader.read(Reference.fixture("gemma3n.gguf"));
        Map<String, String> inFile = header.tensors().stream()
                .collect(Collectors.toMap(GgufTensorInfo::name, t -> Arrays.toString(t.dims())));
        Map<String, String> predicted = TensorLayout.of(fixtureSpec()).stream()
                .collect(Collectors.toMap(TensorShape::name, t -> Arrays.toString(t.dims())));
        assertThat(inFile).hasSize(535);
        assertThat(predicted).isEqualTo(inFile);
        long elements = header.tensors().stream().mapToLong(GgufTensorInfo::elements).sum();
        var counts = ParameterCounts.of(fixtureSpec());
        assertThat(counts.total()).isEqualTo(elements);
        assertThat(counts.streamable()).isEqualTo(5632L * 264);
        assertThat(counts.resident()).isEqualTo(elements - 5632L * 264);
    }

    @Test
    void only_the_per_layer_table_streams_and_it_counts_like_the_token_table_in_the_active_conventions() {
        var spec = Catalog.spec("gemma-3n-e4b");
        var counts = ParameterCounts.of(spec);
        long table = 35L * 256 * 262_144;
        long tokens = 2048L * 262_400;
        assertThat(counts.streamable()).isEqualTo(table);
        assertThat(counts.resident()).isEqualTo(counts.total() - table);
        assertThat(counts.active()).isEqualTo(counts.total());
        // Tied: the token table is the head and stays in the second convention; the per-layer table never does.
        assertThat(counts.activeWithoutEmbeddings()).isEqualTo(counts.total() - table);
        assertThat(counts.activeWithoutEmbeddingsAndHead()).isEqualTo(counts.total() - table - tokens);
        assertThat(ParameterCounts.of(Catalog.spec("qwen3-0.6b")).streamable()).isZero();
        assertThat(ParameterCounts.of(Catalog.spec("qwen3-0.6b")).resident()).isEqualTo(ParameterCounts.of(Catalog.spec("qwen3-0.6b")).total());
    }

    @Test
    void the_weight_memory_keeps_the_streamable_table_apart() {
        var spec = Catalog.spec("gemma-3n-e4b");
        var bf16 = WeightMemory.of(spec, Dtype.BF16);
        assertThat(bf16.streamableBytes()).isEqualTo(2L * 35 * 256 * 262_144);
        assertThat(bf16.residentBytes()).isEqualTo(bf16.bytes() - bf16.streamableBytes());
        assertThat(WeightMemory.of(Catalog.spec("qwen3-0.6b"), Dtype.BF16).streamableBytes()).isZero();
    }

    @Test
    void kv_shared_layers_add_no_cache_and_e2b_and_e4b_cache_the_same_20_layers() {
        // Both keep caches in their first 20 layers: 4 full (4, 9, 14, 19) and 16 sliding over 512 tokens.
        // Per layer and token: 2 kv heads × (256 + 256) × 2 bytes (F16) = 2048 bytes.
        for (String name : List.of("gemma-3n-e4b", "gemma-3n-e2b")) {
            var kv = KvCacheAnalysis.of(Catalog.spec(name), Dtype.F16, 32_768, 1);
            assertThat(kv.bytesPerToken()).as(name).isEqualTo(20 * 2048);
            assertThat(kv.totalBytes()).as(name).isEqualTo(4L * 2048 * 32_768 + 16L * 2048 * 512);
            assertThat(kv.byLayerKind().get(CacheKind.FULL).layers()).isEqualTo(4);
            assertThat(kv.byLayerKind().get(CacheKind.SLIDING).layers()).isEqualTo(16);
        }
        var e4b = KvCacheAnalysis.of(Catalog.spec("gemma-3n-e4b"), Dtype.F16, 32_768, 1);
        assertThat(e4b.byLayerKind().get(CacheKind.FULL).sharedLayers()).isEqualTo(3);
        assertThat(e4b.byLayerKind().get(CacheKind.SLIDING).sharedLayers()).isEqualTo(12);
        var e2b = KvCacheAnalysis.of(Catalog.spec("gemma-3n-e2b"), Dtype.F16, 32_768, 1);
        assertThat(e2b.byLayerKind().get(CacheKind.FULL).sharedLayers()).isEqualTo(2);
        assertThat(e2b.byLayerKind().get(CacheKind.SLIDING).sharedLayers()).isEqualTo(8);
    }

    @Test
    void kv_shared_layers_skip_their_key_and_value_projections_and_the_streams_add_their_mixing() {
        var spec = Catalog.spec("gemma-3n-e4b");
        long matrices = TensorLayout.of(spec).stream().filter(TensorShape::isMatrix)
                .filter(t -> !t.name().equals("per_layer_token_embd.weight")).mapToLong(TensorShape::elements).sum();
        long skippedKv = 15L * 2 * 2048 * 512;
        var flops = FlopsAnalysis.of(spec, 1);
        assertThat(flops.weightFlops()).isEqualTo(2 * (matrices - skippedKv));
        double mixing = 35 * (2.0 * 16 * 2048 + 2.0 * 4 * 2048);
        // one token at position 1 attends to itself in every layer: 35 × 8 heads × (256 + 256) × 2
        assertThat(flops.decodePerToken()).isCloseTo(flops.weightFlops() + mixing + 35 * 2.0 * 8 * 512, within(1.0));
    }
}
