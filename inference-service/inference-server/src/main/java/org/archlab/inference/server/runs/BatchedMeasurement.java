package org.archlab.inference.server.runs;

import org.archlab.inference.cache.ContextMemory;
import org.archlab.inference.generation.Sampler;
import org.archlab.inference.model.StepRow;
import org.archlab.inference.model.Transformer;
import org.archlab.inference.server.models.LoadedModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A run's measurement at one context length L for a batch of B sequences decoding together, each with a KV cache of
 * its own for L positions: the B prompts (random ids) are prefilled in one step, timed up to the first tokens; each
 * cache is then filled to L − generateTokens positions with synthetic keys, values and states (untimed: attention
 * and state updates cost the same whatever the cached numbers, and B real fills would take B times a prefill of L);
 * then generateTokens steps of one row per sequence are timed. Decode throughput is summed over the batch, a step's
 * duration is every sequence's inter-token latency, and the KV bytes are the B caches together.
 */
final class BatchedMeasurement {

    private final LoadedModel model;
    private final RunRequest request;
    private final Runnable checkStopping;

    BatchedMeasurement(LoadedModel model, RunRequest request, Runnable checkStopping) {
        this.model = model;
        this.request = request;
        this.checkStopping = checkStopping;
    }

    RunResult.ContextMeasurement atContext(int length) {
        Transformer transformer = model.transformer();
        int batch = request.batch();
        int vocab = transformer.spec().vocabSize();
        var random = new SplittableRandom(request.seed() * 31 + length);
        List<ContextMemory> memories = new ArrayList<>();
        int[][] prompts = new int[batch][];
        for (int s = 0; s < batch; s++) {
            memories.add(transformer.newSequenceMemory(length));
            prompts[s] = random.ints(request.promptTokens(), 0, vocab).toArray();
        }
        var repeats = new ArrayList<RunResult.Repeat>();
        for (int i = 0; i < request.warmup() + request.repeats(); i++) {
            RunResult.Repeat repeat = once(transformer, memories, prompts, length, request.seed() + i);
            if (i >= request.warmup()) {
                repeats.add(repeat);
            }
        }
        long kvBytes = memories.stream().mapToLong(ContextMemory::bytes).sum();
        return new RunResult.ContextMeasurement(length, kvBytes, List.copyOf(repeats), RunResult.Summary.of(repeats),
                transformer.tokensPerExpert());
    }

    private RunResult.Repeat once(Transformer transformer, List<ContextMemory> memories, int[][] prompts, int length, long seed) {
        checkStopping.run();
        int batch = memories.size();
        List<StepRow> rows = new ArrayList<>();
        for (int s = 0; s < batch; s++) {
            for (int p = 0; p < prompts[s].length; p++) {
                rows.add(new StepRow(memories.get(s), prompts[s][p], p, p == prompts[s].length - 1));
            }
        }
        long start = System.nanoTime();
        float[][] promptLogits = transformer.step(rows);
        long firstTokens = System.nanoTime() - start;
        int[] tokens = new int[batch];
        for (int s = 0, row = 0; s < batch; s++) {
            row += prompts[s].length;
            tokens[s] = Sampler.argmax(promptLogits[row - 1]);
        }
        int position = length - request.generateTokens();
        for (int s = 0; s < batch; s++) {
            memories.get(s).fillSynthetic(position, seed * 1000 + s);
        }
        long[] gaps = new long[request.generateTokens()];
        long decodeStart = System.nanoTime();
        long previous = decodeStart;
        for (int i = 0; i < gaps.length; i++) {
            checkStopping.run();
            rows.clear();
            for (int s = 0; s < batch; s++) {
                rows.add(StepRow.decode(memories.get(s), tokens[s], position + i));
            }
            float[][] logits = transformer.step(rows);
            for (int s = 0; s < batch; s++) {
                tokens[s] = Sampler.argmax(logits[s]);
            }
            long now = System.nanoTime();
            gaps[i] = now - previous;
            previous = now;
        }
        double decodeSeconds = (previous - decodeStart) / 1e9;
        Arrays.sort(gaps);
        int promptTokens = batch * prompts[0].length;
        return new RunResult.Repeat(firstTokens / 1e6, promptTokens / (firstTokens / 1e9), batch * gaps.length / decodeSeconds,
                MeasurementProcedure.percentile(gaps, 0.50) / 1e6, MeasurementProcedure.percentile(gaps, 0.99) / 1e6);
    }
}
