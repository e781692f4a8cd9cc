package org.archlab.benchmark.jobs;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonFormat;

import java.util.List;

/**
 * A validated benchmark job: the architectures and settings, every field present.
 *
 * @param batchSizes sequences decoded together, each size a task of its own per architecture and context; a job stored
 *                   before batch sizes existed has a single {@code "batch": n}, read as {@code [n]}
 * @param scale      how the architectures are scaled before they run ({@link Scale#NONE} for jobs stored before scaling existed)
 * @param kvDtype    the format every run keeps its KV caches in (F32, F16, BF16); null where the job named none, and for jobs
 *                   stored before it could: the runs keep inference-service's default ({@code archlab.inference.kv-dtype})
 */
public record JobSpec(
        List<String> architectures,
        String weights,
        String dtype,
        String backend,
        int promptTokens,
        int generateTokens,
        List<Integer> contextLengths,
        @JsonAlias("batch") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Integer> batchSizes,
        int repeats,
        int warmup,
        long seed,
        String label,
        Scale scale,
        String kvDtype) {

    public JobSpec {
        scale = scale == null ? Scale.NONE : scale;
        batchSizes = batchSizes == null ? List.of(1) : List.copyOf(batchSizes);
    }

    /** A job that runs its architectures as registered, with KV caches in inference-service's default format. */
    public JobSpec(List<String> architectures, String weights, String dtype, String backend, int promptTokens, int generateTokens,
                   List<Integer> contextLengths, List<Integer> batchSizes, int repeats, int warmup, long seed, String label) {
        this(architectures, weights, dtype, backend, promptTokens, generateTokens, contextLengths, batchSizes, repeats, warmup, seed,
                label, Scale.NONE, null);
    }

    /** The longest context of the job: a scaled variant that fits the memory budget there fits at every context of the job. */
    public int longestContext() {
        return contextLengths.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    /**
     * The largest batch of the job: each of its sequences holds a cache of the context, so a scaled variant that fits the
     * memory budget with this many caches at the longest context fits every task of the job.
     */
    public int largestBatch() {
        return batchSizes.stream().mapToInt(Integer::intValue).max().orElse(1);
    }
}
