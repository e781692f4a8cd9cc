package org.archlab.inference.model;

import org.archlab.inference.Fixtures;
import org.archlab.inference.checkpoint.LoadMode;
import org.archlab.inference.kernels.BackendSelection;
import org.archlab.inference.kernels.KernelBackends;
import org.archlab.inference.kernels.jvm.JvmKernelBackend;
import org.archlab.inference.kernels.tornadovm.TornadoKernelBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole models on the TornadoVM backend: every fixture's prompt logits within the tolerance the JVM backend is held
 * to against llama.cpp, greedy continuation included, and a decode step equal to the JVM backend's.
 */
class TornadoFixtureLogitsTest {

    @ParameterizedTest(name = "{0} within {1}")
    @CsvSource({
            "llama, 1e-5", "llama_f16, 2e-3", "llama_bf16, 1.5e-2", "llama_q8_0, 5e-2", "llama_q4_0, 5e-2",
            "qwen3, 1e-5", "gemma3, 1e-3", "gpt2, 1e-3", "olmo2, 1e-5", "smollm3, 1e-5",
            "qwen3moe, 1e-5", "minimax_m2, 1e-5", "glm4moe, 1e-5", "llama4, 1e-5", "grok, 1e-3", "gpt_oss, 1e-5",
            "deepseek2, 1e-5", "qwen3next, 1e-5", "gemma3n, 1e-3"})
    void prompt_logits_match_llama_cpp_on_the_device(String fixture, double tolerance) {
        var expected = Fixtures.expected(fixture);
        try (var kernels = KernelBackends.select(BackendSelection.parse("tornadovm")).create(1);
             var model = GgufModel.open(Fixtures.gguf(fixture), LoadMode.MAPPED, kernels, 256)) {
            assertThat(model.transformer().kernels().name()).isEqualTo("tornadovm");
            ReferenceLogits.assertReproduced(model.transformer(), expected, tolerance);
        }
    }

    /**
     * A prompt longer than one resident step (16 tokens) prefills in batches of tokens, each token attending to the
     * batch's earlier ones, and continues one token at a time: every logit as on the JVM backend.
     */
    @ParameterizedTest
    @CsvSource({"llama", "qwen3", "smollm3", "gemma3"})
    void a_long_prompt_prefills_in_batches_as_the_jvm_backend_does(String fixture) {
        int[] prompt = new Random(3).ints(41, 1, 200).toArray();
        float[][] onDevice;
        float[][] onJvm;
        try (var kernels = KernelBackends.select(BackendSelection.parse("tornadovm")).create(1);
             var model = GgufModel.open(Fixtures.gguf(fixture), LoadMode.MAPPED, kernels, 64)) {
            onDevice = model.transformer().prefill(prompt, 0, true);
            onDevice = append(onDevice, model.transformer().forward(7, prompt.length).clone());
            assertThat(((TornadoKernelBackend) kernels).decodesResident()).isTrue();
        }
        try (var kernels = new JvmKernelBackend(1);
             var model = GgufModel.open(Fixtures.gguf(fixture), LoadMode.MAPPED, kernels, 64)) {
            onJvm = append(model.transformer().prefill(prompt, 0, true), model.transformer().forward(7, prompt.length).clone());
        }
        assertThat(ReferenceLogits.relativeL2(onDevice, onJvm)).isLessThanOrEqualTo(1e-5);
    }

    private static float[][] append(float[][] rows, float[] row) {
        float[][] all = Arrays.copyOf(rows, rows.length + 1);
        all[rows.length] = row;
        return all;
    }

    /** Dense pre-norm models decode with everything resident on the device; the rest kernel by kernel. */
    @ParameterizedTest
    @CsvSource({"llama_q8_0, true", "qwen3, true", "smollm3, true", "llama_bf16, true", "gemma3, true", "gpt_oss, false", "olmo2, false",
            "gemma3n, false"})
    void a_forward_pass_equals_the_jvm_backend(String fixture, boolean resident) {
        int[] prompt = Fixtures.expected(fixture).prompt();
        float[][] onDevice = new float[prompt.length][];
        float[][] onJvm = new float[prompt.length][];
        try (var kernels = KernelBackends.select(BackendSelection.parse("tornadovm")).create(1);
             var model = GgufModel.open(Fixtures.gguf(fixture), LoadMode.MAPPED, kernels, 64)) {
            for (int p = 0; p < prompt.length; p++) {
                onDevice[p] = model.transformer().forward(prompt[p], p).clone();
            }
            assertThat(((TornadoKernelBackend) kernels).decodesResident()).isEqualTo(resident);
        }
        try (var kernels = new JvmKernelBackend(1);
             var model = GgufModel.open(Fixtures.gguf(fixture), LoadMode.MAPPED, kernels, 64)) {
            for (int p = 0; p < prompt.length; p++) {
                onJvm[p] = model.transformer().forward(prompt[p], p).clone();
            }
        }
        assertThat(ReferenceLogits.relativeL2(onDevice, onJvm)).isLessThanOrEqualTo(1e-5);
    }
}
