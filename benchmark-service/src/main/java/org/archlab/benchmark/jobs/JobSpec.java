package org.archlab.benchmark.jobs;

import java.util.List;

/** A validated benchmark job: the architectures and settings, every field present. */
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
        String label) {
}
