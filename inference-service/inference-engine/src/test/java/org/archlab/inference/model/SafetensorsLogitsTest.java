package org.archlab.inference.model;

import org.archlab.inference.Fixtures;
import org.archlab.inference.checkpoint.HfFixtureCheckpoint;
import org.archlab.inference.checkpoint.LoadMode;
import org.archlab.inference.kernels.jvm.JvmKernelBackend;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A Hugging Face checkpoint of each dense fixture — its tensors in Hugging Face's own names and
 * conventions, run with half-split RoPE — gives the logits llama.cpp computed from the GGUF file,
 * within the same tolerances as the GGUF file itself. Gemma 3n is written as Google ships it (the text
 * model of a multimodal checkpoint, AltUp's projections one matrix per stream) and read with its
 * config.json as transformers' Gemma3nTextConfig describes it.
 */
class SafetensorsLogitsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} in {2} file(s), {3}, within {1}")
    @CsvSource({
            "llama, 1e-5, 1, MAPPED", "llama_f16, 2e-3, 1, MAPPED", "llama_bf16, 1.5e-2, 1, MEMORY",
            "qwen3, 1e-5, 3, MAPPED", "gemma3, 1e-3, 1, MAPPED", "gpt2, 1e-3, 1, MEMORY",
            "olmo2, 1e-5, 1, MAPPED", "smollm3, 1e-5, 1, MAPPED", "gemma3n, 1e-3, 2, MAPPED"})
    void prompt_logits_match_llama_cpp(String fixture, double tolerance, int files, LoadMode mode) throws IOException {
        HfFixtureCheckpoint.write(fixture, dir, files);
        try (var kernels = new JvmKernelBackend(2);
             var model = SafetensorsModel.open(dir, mode, kernels, 256)) {
            ReferenceLogits.assertReproduced(model.transformer(), Fixtures.expected(fixture), tolerance);
        }
    }
}
