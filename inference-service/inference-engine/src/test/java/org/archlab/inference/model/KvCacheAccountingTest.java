package org.archlab.inference.model;

import org.archlab.architecture.analysis.KvCacheAnalysis;
import org.archlab.architecture.spec.Dtype;
import org.archlab.inference.Fixtures;
import org.archlab.inference.checkpoint.LoadMode;
import org.archlab.inference.kernels.jvm.JvmKernelBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The caches the engine allocates take exactly the bytes the registry's analytics predict. */
class KvCacheAccountingTest {

    @ParameterizedTest(name = "{0} at {1} tokens")
    @CsvSource({"llama, 256", "gemma3, 5", "gemma3, 256", "gpt2, 100", "olmo2, 64", "smollm3, 256", "qwen3, 1"})
    void allocated_bytes_equal_the_analytics(String fixture, int tokens) {
        try (var kernels = new JvmKernelBackend(1);
             var model = GgufModel.open(Fixtures.gguf(fixture), LoadMode.MAPPED, kernels, tokens)) {
            var spec = model.transformer().spec();
            assertThat(model.transformer().kvCacheBytes()).isEqualTo(KvCacheAnalysis.of(spec, Dtype.F32, tokens, 1).totalBytes());
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
