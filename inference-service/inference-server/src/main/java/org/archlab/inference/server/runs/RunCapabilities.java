package org.archlab.inference.server.runs;

import org.archlab.inference.cache.KvCacheType;
import org.archlab.inference.kernels.KernelBackends;
import org.archlab.inference.model.Transformer;
import org.archlab.inference.server.InferenceProperties;
import org.archlab.inference.tensor.GgmlType;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What measured runs this server makes, as {@code GET /api/v1/runs/capabilities} states it (docs/api/runs.md). The
 * benchmark service checks a job against it before accepting the job, and {@link RunRequest} checks every run against
 * the same values, so what is stated and what is enforced cannot drift apart.
 *
 * @param backend           the kernel backend this server runs, chosen once at start-up ({@code jvm} or {@code tornadovm})
 * @param device            what the backend runs on
 * @param backends          the values {@code backend} may take in a run: {@code auto} or this server's backend
 * @param weights           the values {@code weights} may take
 * @param dtypes            weight formats of random weights
 * @param defaultDtype      the format of random weights when a run names none
 * @param kvDtypes          the formats a run's KV caches may take ({@code kvDtype})
 * @param defaultKvDtype    the format of a run's KV caches when it names none: the server's {@code archlab.inference.kv-dtype}
 * @param batchSizes        the batch sizes the backend decodes
 * @param maxContext        the longest context a run may ask for (a model's own maximum may be lower)
 * @param maxContextLengths how many context lengths one run may measure
 * @param maxWarmup         most warm-up passes per context
 * @param maxRepeats        most measured repeats per context
 * @param memoryBudgetBytes weights and KV cache of a run's model must fit this together
 * @param kvBudgetBytes     KV caches of all concurrent generations together ({@code archlab.inference.kv-budget}): how many
 *                          sequences of a context continuous batching serves at once, which the dashboard marks on its
 *                          throughput-over-batch curves
 */
public record RunCapabilities(String backend, String device, List<String> backends, List<String> weights, List<String> dtypes,
                              String defaultDtype, List<String> kvDtypes, String defaultKvDtype, List<Integer> batchSizes,
                              int maxContext, int maxContextLengths, int maxWarmup, int maxRepeats, long memoryBudgetBytes,
                              long kvBudgetBytes) {

    /**
     * Sequences a run may decode together: up to a step's rows ({@link Transformer#maxStepRows()});
     * on TornadoVM a batch runs kernel by kernel (its resident decoder serves batch 1).
     */
    private static final List<Integer> BATCH_SIZES = IntStream.rangeClosed(1, Transformer.maxStepRows()).boxed().toList();
    private static final int MAX_CONTEXT_LENGTHS = 16;
    private static final int MAX_WARMUP = 20;
    private static final int MAX_REPEATS = 100;

    static RunCapabilities of(InferenceProperties properties, KernelBackends server) {
        return new RunCapabilities(server.backend(), server.device(), List.of("auto", server.backend()),
                RunRequest.WEIGHTS.stream().sorted().toList(), Arrays.stream(GgmlType.values()).map(Enum::name).toList(),
                properties.defaultDtype().name(), Arrays.stream(KvCacheType.values()).map(Enum::name).toList(),
                properties.kvDtype().name(), BATCH_SIZES, properties.limits().maxContext(), MAX_CONTEXT_LENGTHS,
                MAX_WARMUP, MAX_REPEATS, properties.memoryBudget().toBytes(),
                properties.kvBudget().toBytes());
    }
}
