package org.archlab.inference.model;

import org.archlab.inference.Fixtures;
import org.archlab.inference.cache.ContextMemory;
import org.archlab.inference.cache.KvCacheType;
import org.archlab.inference.checkpoint.LoadMode;
import org.archlab.inference.kernels.jvm.JvmKernelBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.archlab.inference.generation.Sampler.argmax;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sequences decoded together in steps ({@link Transformer#step}) give the logits and greedy tokens each gives decoded
 * alone through the single-sequence API, for every layer kind: full attention (llama), sliding rings (gemma3, window
 * 8, passed here), latent attention (deepseek2), Gated DeltaNet state (qwen3next), KV-shared layers reading a
 * sliding source (gemma3n) and sinks with alternating windows (gpt_oss). The schedule mixes everything a server
 * does: two prompts prefilled in one step, decode steps, a third sequence whose prompt joins while the others
 * decode, and a sequence that leaves early.
 */
class BatchedDecodingTest {

    private static final int CONTEXT = 64;
    /** Tokens each sequence generates. */
    private static final int[] GENERATE = {5, 12, 10};

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"llama", "gemma3", "deepseek2", "qwen3next", "gemma3n", "gpt_oss", "llama4"})
    void sequences_decoded_together_equal_each_decoded_alone(String fixture) {
        assertTogetherEqualsAlone(fixture, KvCacheType.F32, 1e-5);
    }

    /**
     * Over F16 caches as well (the staging rings of KV sharing keep their source's format): the same greedy tokens, and
     * logits within 2e-4. Every key and value is rounded to a half as it is stored, so where the matmul's other summation
     * order moves one by its last bit across a rounding boundary, it rounds the other way: one half step (2⁻¹¹ relative)
     * in a few cached numbers, which made up to 9.5e-5 (deepseek2) where F32 caches differ by 2.4e-6 at most.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"llama", "gemma3", "deepseek2", "qwen3next", "gemma3n"})
    void sequences_decoded_together_over_f16_caches_equal_each_decoded_alone(String fixture) {
        assertTogetherEqualsAlone(fixture, KvCacheType.F16, 2e-4);
    }

    private static void assertTogetherEqualsAlone(String fixture, KvCacheType kvType, double tolerance) {
        int[] base = Fixtures.expected(fixture).prompt();
        int[][] prompts = {Arrays.copyOfRange(base, 0, 12), Arrays.copyOfRange(base, 3, 23), Arrays.copyOfRange(base, 10, 19)};
        try (var kernels = new JvmKernelBackend(2);
             var model = GgufModel.open(Fixtures.gguf(fixture), LoadMode.MAPPED, kernels, CONTEXT, kvType)) {
            Transformer transformer = model.transformer();
            List<List<float[]>> together = together(transformer, prompts);
            for (int s = 0; s < prompts.length; s++) {
                List<float[]> alone = alone(transformer, prompts[s], GENERATE[s]);
                assertThat(together.get(s)).hasSize(alone.size());
                for (int i = 0; i < alone.size(); i++) {
                    assertThat(argmax(together.get(s).get(i))).as("sequence %d token %d", s, i).isEqualTo(argmax(alone.get(i)));
                }
                assertThat(ReferenceLogits.relativeL2(together.get(s).toArray(float[][]::new), alone.toArray(float[][]::new)))
                        .as("sequence %d", s).isLessThanOrEqualTo(tolerance);
            }
        }
    }

    @Test
    void steps_over_the_transformers_own_memory_run_as_its_single_sequence_path_and_equal_a_memory_of_their_own() {
        int[] prompt = Arrays.copyOfRange(Fixtures.expected("qwen3next").prompt(), 0, 10);
        try (var kernels = new JvmKernelBackend(2);
             var model = GgufModel.open(Fixtures.gguf("qwen3next"), LoadMode.MAPPED, kernels, CONTEXT)) {
            Transformer transformer = model.transformer();
            List<float[]> own = stepped(transformer, transformer.ownMemory(), prompt, 6);
            List<float[]> separate = stepped(transformer, transformer.newSequenceMemory(CONTEXT), prompt, 6);
            List<float[]> alone = alone(transformer, prompt, 6);

            assertThat(ReferenceLogits.relativeL2(own.toArray(float[][]::new), alone.toArray(float[][]::new))).isLessThanOrEqualTo(1e-5);
            assertThat(ReferenceLogits.relativeL2(separate.toArray(float[][]::new), alone.toArray(float[][]::new)))
                    .isLessThanOrEqualTo(1e-5);
        }
    }

    /** The prompt in one step (last logits only), then one decode row per step. */
    private static List<float[]> stepped(Transformer transformer, ContextMemory memory, int[] prompt, int generate) {
        List<StepRow> rows = new ArrayList<>();
        for (int p = 0; p < prompt.length; p++) {
            rows.add(new StepRow(memory, prompt[p], p, p == prompt.length - 1));
        }
        List<float[]> logits = new ArrayList<>();
        logits.add(transformer.step(rows)[prompt.length - 1]);
        for (int i = 0; i < generate; i++) {
            logits.add(transformer.step(List.of(StepRow.decode(memory, argmax(logits.getLast()), prompt.length + i)))[0]);
        }
        return logits;
    }

    @Test
    void rows_of_one_sequence_must_be_consecutive_positions_in_one_run() {
        try (var kernels = new JvmKernelBackend(1);
             var model = GgufModel.open(Fixtures.gguf("llama"), LoadMode.MAPPED, kernels, CONTEXT)) {
            Transformer transformer = model.transformer();
            ContextMemory a = transformer.newSequenceMemory(CONTEXT);
            ContextMemory b = transformer.newSequenceMemory(CONTEXT);
            assertThatThrownBy(() -> transformer.step(List.of(StepRow.decode(a, 1, 0), StepRow.decode(a, 2, 2))))
                    .hasMessageContaining("consecutive positions");
            assertThatThrownBy(() -> transformer.step(List.of(StepRow.decode(a, 1, 0), StepRow.decode(b, 2, 0),
                    StepRow.decode(a, 3, 1)))).hasMessageContaining("must be consecutive");
            assertThatThrownBy(() -> StepRow.decode(a, 1, CONTEXT)).hasMessageContaining("position " + CONTEXT);
        }
    }

    /** The prompt's last logits, then each generated token's, through prefill and forward on the model's own memory. */
    private static List<float[]> alone(Transformer transformer, int[] prompt, int generate) {
        List<float[]> logits = new ArrayList<>();
        float[] last = transformer.prefill(prompt, 0, false)[0].clone();
        logits.add(last);
        for (int i = 0; i < generate; i++) {
            last = transformer.forward(argmax(last), prompt.length + i).clone();
            logits.add(last);
        }
        return logits;
    }

    /**
     * Sequences 0 and 1 prefill in one step, then decode together; sequence 2's prompt joins in the fourth step
     * beside their decode rows; sequence 0 leaves after its tokens, the others go on.
     */
    private static List<List<float[]>> together(Transformer transformer, int[][] prompts) {
        int n = prompts.length;
        ContextMemory[] memories = new ContextMemory[n];
        List<List<float[]>> logits = new ArrayList<>();
        int[] length = new int[n];
        boolean[] started = new boolean[n];
        for (int s = 0; s < n; s++) {
            memories[s] = transformer.newSequenceMemory(CONTEXT);
            logits.add(new ArrayList<>());
        }
        for (int step = 0; ; step++) {
            List<StepRow> rows = new ArrayList<>();
            List<Integer> owners = new ArrayList<>();
            for (int s = 0; s < n; s++) {
                boolean joins = !started[s] && (s < 2 || step == 3);
                if (joins) {
                    started[s] = true;
                    for (int p = 0; p < prompts[s].length; p++) {
                        rows.add(new StepRow(memories[s], prompts[s][p], p, p == prompts[s].length - 1));
                        owners.add(s);
                    }
                    length[s] = prompts[s].length;
                } else if (started[s] && logits.get(s).size() <= GENERATE[s]) {
                    float[] last = logits.get(s).getLast();
                    rows.add(StepRow.decode(memories[s], argmax(last), length[s]++));
                    owners.add(s);
                }
            }
            if (rows.isEmpty()) {
                return logits;
            }
            float[][] out = transformer.step(rows);
            for (int r = 0; r < rows.size(); r++) {
                if (out[r] != null) {
                    logits.get(owners.get(r)).add(out[r]);
                }
            }
        }
    }
}
