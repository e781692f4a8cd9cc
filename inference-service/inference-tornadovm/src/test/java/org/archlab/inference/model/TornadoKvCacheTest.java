package org.archlab.inference.model;

import org.archlab.architecture.analysis.KvCacheAnalysis;
import org.archlab.architecture.spec.Dtype;
import org.archlab.inference.Fixtures;
import org.archlab.inference.checkpoint.LoadMode;
import org.archlab.inference.kernels.BackendSelection;
import org.archlab.inference.kernels.KernelBackends;
import org.archlab.inference.kernels.tornadovm.TornadoKernelBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On the resident decoder the KV cache is the device's: the transformer reports its bytes, they are what the
 * registry's analysis predicts (sliding-window layers a ring of their window, not the whole context), and the
 * engine's own memory for the sequence is never allocated.
 */
class TornadoKvCacheTest {

    @ParameterizedTest(name = "{0} at {1} positions")
    @CsvSource({"gemma3, 64", "gemma3, 5", "llama, 64", "smollm3, 40"})
    void the_device_cache_takes_what_the_registry_predicts_and_the_host_allocates_none(String fixture, int context) {
        try (var kernels = KernelBackends.select(BackendSelection.parse("tornadovm")).create(1);
             var model = GgufModel.open(Fixtures.gguf(fixture), LoadMode.MAPPED, kernels, context)) {
            Transformer transformer = model.transformer();
            int[] prompt = new Random(7).ints(context, 1, 200).toArray();
            transformer.prefill(prompt, 0, false);

            assertThat(((TornadoKernelBackend) kernels).decodesResident()).isTrue();
            var spec = transformer.spec();
            long theory = KvCacheAnalysis.of(spec, Dtype.F32, context, 1).totalBytes();
            assertThat(transformer.kvCacheBytes()).isEqualTo(theory).isEqualTo(RandomModel.estimatedCacheBytes(spec, context));
            assertThat(transformer.ownMemory().allocatedBytes()).isZero();
        }
    }

    /** Gemma 3's five sliding layers of six hold 8 positions each: far less than six full-length layers. */
    @Test
    void sliding_layers_are_rings_of_their_window_on_the_device() {
        int context = 64;
        try (var kernels = KernelBackends.select(BackendSelection.parse("tornadovm")).create(1);
             var model = GgufModel.open(Fixtures.gguf("gemma3"), LoadMode.MAPPED, kernels, context)) {
            Transformer transformer = model.transformer();
            transformer.forward(1, 0);
            var analysis = KvCacheAnalysis.of(transformer.spec(), Dtype.F32, context, 1);
            long fullLength = analysis.bytesPerToken() * context;
            var sliding = analysis.byLayerKind().get(KvCacheAnalysis.CacheKind.SLIDING);
            assertThat(sliding.cachedTokensPerLayer()).isEqualTo(8);
            assertThat(transformer.kvCacheBytes()).isLessThan(fullLength)
                    .isEqualTo(fullLength - sliding.layers() * sliding.bytesPerTokenPerLayer() * (context - 8));
        }
    }
}
