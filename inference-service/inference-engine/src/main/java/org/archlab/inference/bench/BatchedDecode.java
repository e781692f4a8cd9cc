package org.archlab.inference.bench;

import org.archlab.inference.cache.ContextMemory;
import org.archlab.inference.generation.Sampler;
import org.archlab.inference.model.RandomModel;
import org.archlab.inference.model.StepRow;
import org.archlab.inference.model.Transformer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decode throughput of {@code batch} sequences decoding together ({@code ./archlab bench --batch N}), each with
 * {@code context} positions already in its own memory (synthetic keys, values and states: attention and state
 * updates cost the same whatever the numbers), then {@code generate} steps of one row per sequence. Throughput is
 * summed over the batch; every step gives each sequence one token, so a step's duration is each sequence's
 * inter-token latency. The KV bytes are what the sequences' memories hold, beside the registry's estimate per
 * sequence times the batch.
 */
final class BatchedDecode {

    private BatchedDecode() {
    }

    static Map<String, Object> measure(Transformer transformer, int batch, int context, int generate, int warmup,
                                       int repeats, long seed) {
        int positions = context + generate + 1;
        List<ContextMemory> memories = new ArrayList<>();
        for (int s = 0; s < batch; s++) {
            ContextMemory memory = transformer.newSequenceMemory(positions);
            memory.fillSynthetic(context, seed + s);
            memories.add(memory);
        }
        int[] tokens = new int[batch];
        Arrays.fill(tokens, 1);
        for (int i = 0; i < warmup; i++) {
            steps(transformer, memories, tokens, context, Math.min(generate, 4), new double[Math.min(generate, 4)]);
        }
        double[] throughput = new double[repeats];
        double[] latencies = new double[repeats * generate];
        for (int r = 0; r < repeats; r++) {
            double[] stepMs = new double[generate];
            long start = System.nanoTime();
            steps(transformer, memories, tokens, context, generate, stepMs);
            throughput[r] = (double) batch * generate / ((System.nanoTime() - start) / 1e9);
            System.arraycopy(stepMs, 0, latencies, r * generate, generate);
        }
        Arrays.sort(latencies);
        var report = new LinkedHashMap<String, Object>();
        report.put("batch", batch);
        report.put("context", context);
        report.put("decodeTokensPerSecond", BenchCommand.round(BenchCommand.median(throughput)));
        report.put("decodeTokensPerSecondRuns", Arrays.stream(throughput).map(BenchCommand::round).boxed().toList());
        report.put("interTokenLatencyP50Ms", BenchCommand.round(percentile(latencies, 0.5)));
        report.put("interTokenLatencyP99Ms", BenchCommand.round(percentile(latencies, 0.99)));
        report.put("batchKvCacheBytes", memories.stream().mapToLong(ContextMemory::bytes).sum());
        report.put("batchKvCacheBytesTheory", RandomModel.estimatedCacheBytes(transformer.spec(), positions) * batch);
        return report;
    }

    /** {@code count} decode steps from {@code context}, each sequence fed its own greedy token; step times into {@code stepMs}. */
    private static void steps(Transformer transformer, List<ContextMemory> memories, int[] tokens, int context, int count,
                              double[] stepMs) {
        List<StepRow> rows = new ArrayList<>(memories.size());
        for (int i = 0; i < count; i++) {
            rows.clear();
            for (int s = 0; s < memories.size(); s++) {
                rows.add(StepRow.decode(memories.get(s), tokens[s], context + i));
            }
            long start = System.nanoTime();
            float[][] logits = transformer.step(rows);
            stepMs[i] = (System.nanoTime() - start) / 1e6;
            for (int s = 0; s < memories.size(); s++) {
                tokens[s] = Sampler.argmax(logits[s]);
            }
        }
    }

    private static double percentile(double[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

}
