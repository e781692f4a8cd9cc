package org.archlab.inference.server.runs;

import org.archlab.inference.generation.Sampler;
import org.archlab.inference.model.Transformer;
import org.archlab.inference.server.models.LoadedModel;
import org.archlab.inference.server.models.ModelSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * The measurement of docs/api/runs.md, per context length L, with a KV cache allocated for L positions: the prompt
 * (random ids) is prefilled and timed up to the first token; the cache is filled, untimed, to L − generateTokens
 * positions; then generateTokens tokens are decoded and timed one by one. The fill is synthetic (random keys, values
 * and states, {@link Transformer#assumeContext}), as in the batched measurement and {@code bench --depth}: attending
 * to a position costs the same whatever it holds, and prefilling 32k real tokens through a model scaled to fill the
 * memory budget takes over an hour on a workstation. Only a model whose cache lives on a device (TornadoVM's resident
 * decoder) is filled by real prefill. The fill is done once per L, so every repeat decodes over the same cache.
 * Greedy decoding (throughput does not depend on which token is chosen).
 */
final class MeasurementProcedure {

    /** Fill tokens per prefill call: keeps the batch buffers and one call's work bounded. */
    private static final int FILL_CHUNK = 512;

    private final LoadedModel model;
    private final RunRequest request;
    private final BooleanSupplier stopping;

    MeasurementProcedure(LoadedModel model, RunRequest request, BooleanSupplier stopping) {
        this.model = model;
        this.request = request;
        this.stopping = stopping;
    }

    /** Measures at every context length; the peak resident memory covers all of them (and the model's loading). */
    RunResult measure(RunEnvironment environment) {
        ModelSource source = model.source();
        var contexts = new ArrayList<RunResult.ContextMeasurement>();
        for (int length : request.contextLengths()) {
            contexts.add(atContext(length));
        }
        return new RunResult(request.model(), source.spec().family(), source.revision(), source.weights(), source.dtype(),
                model.kernels().name(), model.kernels().name() + "/" + model.kernels().device(), environment, model.weightBytes(),
                model.streamableWeightBytes(), model.weightBytes() - model.streamableWeightBytes(),
                ProcessMemory.peakResidentBytes(), List.copyOf(contexts));
    }

    private RunResult.ContextMeasurement atContext(int length) {
        if (request.batch() > 1) {
            return new BatchedMeasurement(model, request, this::checkStopping).atContext(length);
        }
        Transformer transformer = model.transformer().withContext(length);
        int vocab = transformer.spec().vocabSize();
        var random = new SplittableRandom(request.seed() * 31 + length);
        int[] prompt = random.ints(request.promptTokens(), 0, vocab).toArray();
        int[] fill = random.ints(length - request.generateTokens() - request.promptTokens(), 0, vocab).toArray();
        var repeats = new ArrayList<RunResult.Repeat>();
        for (int i = 0; i < request.warmup() + request.repeats(); i++) {
            RunResult.Repeat repeat = once(transformer, prompt, fill, i == 0);
            if (i >= request.warmup()) {
                repeats.add(repeat);
            }
        }
        return new RunResult.ContextMeasurement(length, transformer.kvCacheBytes(), List.copyOf(repeats), RunResult.Summary.of(repeats),
                transformer.tokensPerExpert());
    }

    private RunResult.Repeat once(Transformer transformer, int[] prompt, int[] fill, boolean filling) {
        checkStopping();
        long start = System.nanoTime();
        int token = Sampler.argmax(transformer.prefill(prompt, 0, false)[0]);
        long firstToken = System.nanoTime() - start;
        if (filling && transformer.cachesOnHost()) {
            transformer.assumeContext(prompt.length + fill.length, request.seed());
        } else if (filling) {
            for (int from = 0; from < fill.length; from += FILL_CHUNK) {
                checkStopping();
                transformer.prefill(Arrays.copyOfRange(fill, from, Math.min(fill.length, from + FILL_CHUNK)), prompt.length + from, false);
            }
        }
        int position = prompt.length + fill.length;
        long[] gaps = new long[request.generateTokens()];
        long decodeStart = System.nanoTime();
        long previous = decodeStart;
        for (int i = 0; i < gaps.length; i++) {
            token = Sampler.argmax(transformer.forward(token, position + i));
            long now = System.nanoTime();
            gaps[i] = now - previous;
            previous = now;
        }
        double decodeSeconds = (previous - decodeStart) / 1e9;
        Arrays.sort(gaps);
        return new RunResult.Repeat(firstToken / 1e6, prompt.length / (firstToken / 1e9), gaps.length / decodeSeconds,
                percentile(gaps, 0.50) / 1e6, percentile(gaps, 0.99) / 1e6);
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    void checkStopping() {
        if (stopping.getAsBoolean()) {
            throw new IllegalStateException("the service is shutting down");
        }
    }
}
