package org.archlab.benchmark.jobs;

import java.util.List;

/**
 * A validated benchmark job: the architectures and settings, every field present.
 *
 * @param scale how the architectures are scaled before they run ({@link Scale#NONE} for jobs stored before scaling existed)
 */
public record JobSpec(
        List<String> architectures,
        String weights,
        String dtype,
        String backend,
        int promptTokens,
        int generateTokens,
        List<Integer> contextLengths,
        int batch,
        int repeats,
        int warmup,
        long seed,
        String label,
        Scale scale) {

    public JobSpec {
        scale = scale == null ? Scale.NONE : scale;
    }

    /** A job that runs its architectures as registered. */
    public JobSpec(List<String> architectures, String weights, String dtype, String backend, int promptTokens, int generateTokens,
                   List<Integer> contextLengths, int batch, int repeats, int warmup, long seed, String label) {
        this(architectures, weights, dtype, backend, promptTokens, generateTokens, contextLengths, batch, repeats, warmup, seed,
                label, Scale.NONE);
    }

    /** The longest context of the job: a scaled variant that fits the memory budget there fits at every context of the job. */
    public int longestContext() {
        return contextLengths.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }
}
