package org.archlab.inference.model;

import org.archlab.architecture.analysis.KvCacheAnalysis;
import org.archlab.architecture.gguf.GgufHeaderReader;
import org.archlab.architecture.gguf.GgufSpecImporter;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Dtype;
import org.archlab.inference.Fixtures;
import org.archlab.inference.cache.KvCacheType;
import org.archlab.inference.checkpoint.LoadMode;
import org.archlab.inference.kernels.jvm.JvmKernelBackend;
import org.archlab.inference.tensor.GgmlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The caches the engine allocates take exactly the bytes the registry's analytics predict. */
class KvCacheAccountingTest {

    @ParameterizedTest(name = "{0} at {1} tokens")
    @CsvSource({"llama, 256", "gemma3, 5", "gemma3, 256", "gpt2, 100", "olmo2, 64", "smollm3, 256", "qwen3, 1",
            "gemma3n, 5", "gemma3n, 256"})
    void allocated_bytes_equal_the_analytics(String fixture, int tokens) {
        try (var kernels = new JvmKernelBackend(1);
             var model = GgufModel.open(Fixtures.gguf(fixture), LoadMode.MAPPED, kernels, tokens)) {
            var spec = model.transformer().spec();
            assertThat(model.transformer().kvCacheBytes()).isEqualTo(KvCacheAnalysis.of(spec, Dtype.F32, tokens, 1).totalBytes());
        }
    }

    /**
     * F16 and BF16 caches take half the bytes per cached value; the recurrent states of a hybrid (qwen3next) stay F32,
     * so the registry's figure at the KV type, which counts states in that type too, is the one with F32 states.
     */
    @ParameterizedTest(name = "{0} over {1} at {2} tokens")
    @CsvSource({"llama, F16, 256", "gemma3, F16, 5", "gemma3, BF16, 256", "deepseek2, F16, 64", "qwen3next, F16, 64",
            "gemma3n, F16, 256"})
    void half_width_caches_allocate_what_the_analytics_predict_for_their_type(String fixture, KvCacheType type, int tokens) {
        try (var kernels = new JvmKernelBackend(1);
             var model = GgufModel.open(Fixtures.gguf(fixture), LoadMode.MAPPED, kernels, tokens, type)) {
            var spec = model.transformer().spec();
            long expected = KvCacheAnalysis.of(spec, type.dtype(), Dtype.F32, tokens, 1).totalBytes();
            assertThat(model.transformer().kvCacheBytes()).isEqualTo(expected)
                    .isEqualTo(RandomModel.estimatedCacheBytes(spec, tokens, type))
                    .isEqualTo(model.transformer().newSequenceMemory(tokens).bytes());
            if (spec.linearAttention() == null) {
                assertThat(expected).isEqualTo(KvCacheAnalysis.of(spec, type.dtype(), tokens, 1).totalBytes())
                        .isEqualTo(KvCacheAnalysis.of(spec, Dtype.F32, tokens, 1).totalBytes() / 2);
            }
        }
    }

    /**
     * Gemma 3n with seeded random weights laid out by the registry's tensor layout: it runs, its KV-sharing layers
     * allocate no cache (the analytics count each shared cache once), and a batched prompt past the sliding window
     * computes what one token at a time does.
     */
    @Test
    void a_random_weights_gemma_3n_runs_and_allocates_what_the_analytics_predict() throws Exception {
        ArchitectureSpec spec;
        try (var in = Files.newInputStream(Fixtures.gguf("gemma3n"))) {
            spec = GgufSpecImporter.importHeader(GgufHeaderReader.read(in));
        }
        int[] prompt = new Random(5).ints(20, 0, spec.vocabSize()).toArray();
        float[][] batched;
        float[][] sequential = new float[prompt.length][];
        try (var kernels = new JvmKernelBackend(2);
             var one = RandomModel.create(spec, GgmlType.F32, 11, kernels, 64, 2);
             var all = RandomModel.create(spec, GgmlType.F32, 11, kernels, 64, 2)) {
            assertThat(one.transformer().kvCacheBytes()).isEqualTo(KvCacheAnalysis.of(spec, Dtype.F32, 64, 1).totalBytes());
            batched = all.transformer().prefill(prompt, 0, true);
            for (int p = 0; p < prompt.length; p++) {
                sequential[p] = one.transformer().forward(prompt[p], p).clone();
            }
        }
        for (float[] row : batched) {
            for (float v : row) {
                assertThat(Float.isFinite(v)).as("finite logits").isTrue();
            }
        }
        assertThat(ReferenceLogits.relativeL2(batched, sequential)).isLessThanOrEqualTo(1e-5);
    }

    /**
     * A transformer's own memory is allocated by its first step on the host (a resident decoder would keep the cache
     * on its device instead); it reports what it will take all along, and a new sequence's memory is allocated at once.
     */
    @Test
    void the_own_memory_is_allocated_by_the_first_step_on_the_host() {
        try (var kernels = new JvmKernelBackend(1);
             var model = GgufModel.open(Fixtures.gguf("gemma3"), LoadMode.MAPPED, kernels, 64)) {
            Transformer transformer = model.transformer();
            long theory = KvCacheAnalysis.of(transformer.spec(), Dtype.F32, 64, 1).totalBytes();
            assertThat(transformer.ownMemory().allocatedBytes()).isZero();
            assertThat(transformer.kvCacheBytes()).isEqualTo(theory);
            assertThat(transformer.newSequenceMemory(64).allocatedBytes()).isEqualTo(theory);

            transformer.forward(1, 0);
            assertThat(transformer.ownMemory().allocatedBytes()).isEqualTo(theory);
            assertThat(transformer.kvCacheBytes()).isEqualTo(theory);
        }
    }

    @Test
    void a_transformer_at_another_context_allocates_that_cache_and_computes_the_same_logits() {
        var prompt = Fixtures.expected("llama").prompt();
        try (var kernels = new JvmKernelBackend(1);
             var model = GgufModel.open(Fixtures.gguf("llama"), LoadMode.MAPPED, kernels, 64)) {
            Transformer wider = model.transformer().withContext(200);
            var spec = wider.spec();
            assertThat(wider.contextLength()).isEqualTo(200);
            assertThat(wider.kvCacheBytes()).isEqualTo(KvCacheAnalysis.of(spec, Dtype.F32, 200, 1).totalBytes());
            assertThat(model.transformer().kvCacheBytes()).isEqualTo(KvCacheAnalysis.of(spec, Dtype.F32, 64, 1).totalBytes());
            // Not bit-identical: the Vector API's EXP and lane reductions may round differently before and
            // after the JIT compiles them, so the second run can differ in the last bits.
            float[][] widerLogits = wider.prefill(prompt, 0, false);
            float[][] narrowLogits = model.transformer().prefill(prompt, 0, false);
            assertThat(ReferenceLogits.relativeL2(widerLogits, narrowLogits)).isLessThanOrEqualTo(1e-6);
        }
    }
}
