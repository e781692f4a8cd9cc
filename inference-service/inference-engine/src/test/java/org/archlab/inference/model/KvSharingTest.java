package org.archlab.inference.model;

import org.archlab.architecture.gguf.GgufSpecImporter;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.LayerSchedule;
import org.archlab.inference.Fixtures;
import org.archlab.inference.cache.ContextMemory;
import org.archlab.inference.cache.KvCacheType;
import org.archlab.inference.checkpoint.GgufCheckpoint;
import org.archlab.inference.checkpoint.LoadMode;
import org.archlab.inference.kernels.jvm.JvmKernelBackend;
import org.archlab.inference.tensor.TensorSource;
import org.archlab.inference.tensor.WeightTensor;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gemma 3n's last two layers read layer 18's KV cache instead of computing keys and values (the fixture still
 * carries their k and v weights, as llama.cpp requires).
 */
class KvSharingTest {

    @Test
    void a_sharing_layer_has_no_cache_of_its_own() {
        try (var checkpoint = GgufCheckpoint.open(Fixtures.gguf("gemma3n"), LoadMode.MAPPED)) {
            var memory = new ContextMemory(GgufSpecImporter.importHeader(checkpoint.header()), 64);
            assertThat(memory.cache(18)).isNotNull();
            assertThat(memory.cache(19)).isNotNull();
            assertThat(memory.cache(20)).isNull();
            assertThat(memory.cache(21)).isNull();
        }
    }

    @Test
    void a_sharing_layers_own_key_and_value_weights_change_nothing_and_its_sources_cache_does() {
        int[] prompt = Fixtures.expected("gemma3n").prompt();
        try (var checkpoint = GgufCheckpoint.open(Fixtures.gguf("gemma3n"), LoadMode.MAPPED);
             var arena = Arena.ofConfined();
             var kernels = new JvmKernelBackend(1)) {
            ArchitectureSpec spec = GgufSpecImporter.importHeader(checkpoint.header());
            TensorSource otherSharingKv = new Replacing(checkpoint, arena, "blk.20.attn_k.weight", "blk.20.attn_v.weight",
                    "blk.21.attn_k.weight", "blk.21.attn_v.weight");
            float[][] base = run(spec, checkpoint, kernels, prompt);
            float[][] changed = run(spec, otherSharingKv, kernels, prompt);
            // Every layer with its own cache, the last two computing keys and values from their own weights.
            float[][] unshared = run(withoutSharing(spec), checkpoint, kernels, prompt);

            // Not bit-identical: two runs of the same weights may differ in the last bits as the JIT recompiles the
            // kernels between them; a sharing layer reading its own (replaced, random) weights would move them by far more.
            assertThat(ReferenceLogits.relativeL2(changed, base)).isLessThan(1e-5);
            assertThat(ReferenceLogits.relativeL2(unshared, base)).isGreaterThan(1e-2);
        }
    }

    private static float[][] run(ArchitectureSpec spec, TensorSource source, JvmKernelBackend kernels, int[] prompt) {
        var transformer = new Transformer(spec, WeightBinding.load(source, spec), kernels, 64, KvCacheType.F32, true);
        return transformer.prefill(prompt, 0, true);
    }

    private static ArchitectureSpec withoutSharing(ArchitectureSpec s) {
        LayerSchedule schedule = s.schedule();
        return new ArchitectureSpec(s.family(), s.vocabSize(), s.hiddenSize(), s.layers(), s.maxContext(), s.embeddings(),
                s.attention(), s.rope(), s.linearAttention(),
                new LayerSchedule(schedule.mixers(), schedule.rope(), schedule.ffn(), schedule.leadingDenseLayers(), null),
                s.norm(), s.feedForward(), s.moe(), s.multiTokenPrediction(), s.output(), s.defaultDtype(), s.perLayerInputs(),
                s.residualStreams(), s.lowRankResidual(), s.activationSparsity());
    }

    /** A checkpoint with some F32 tensors replaced by random ones of the same shape. */
    private record Replacing(TensorSource inner, Arena arena, String... names) implements TensorSource {

        @Override
        public Optional<WeightTensor> find(String name) {
            return inner.find(name).map(t -> java.util.List.of(names).contains(name) ? random(t) : t);
        }

        @Override
        public WeightTensor tensor(String name) {
            return find(name).orElseGet(() -> inner.tensor(name));
        }

        private WeightTensor random(WeightTensor t) {
            var data = arena.allocate(4 * t.elements(), 64);
            var random = new SplittableRandom(t.name().hashCode());
            for (long i = 0; i < t.elements(); i++) {
                data.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) random.nextGaussian());
            }
            return new WeightTensor(t.name(), t.type(), t.dims(), data);
        }
    }
}
