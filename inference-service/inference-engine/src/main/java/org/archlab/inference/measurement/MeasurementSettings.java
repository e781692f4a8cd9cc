package org.archlab.inference.measurement;

import org.archlab.inference.cache.KvCacheType;

/**
 * What {@link InferenceMeasurement} runs at each context length: a prompt of {@code promptTokens} random ids,
 * {@code generateTokens} decoded tokens, {@code batch} sequences decoding together, {@code warmup} passes dropped and
 * {@code repeats} passes kept, random ids and synthetic caches drawn from {@code seed}, every sequence's KV caches in
 * {@code kvType}.
 */
public record MeasurementSettings(int promptTokens, int generateTokens, int batch, int warmup, int repeats, long seed,
                                  KvCacheType kvType) {

    public MeasurementSettings {
        require(promptTokens >= 1, "promptTokens must be at least 1");
        require(generateTokens >= 1, "generateTokens must be at least 1");
        require(batch >= 1, "batch must be at least 1");
        require(warmup >= 0, "warmup must be at least 0");
        require(repeats >= 1, "repeats must be at least 1");
        require(kvType != null, "kvType is required");
    }

    /** The shortest context a pass fits in: the prompt, then the generated tokens. */
    public int shortestContext() {
        return promptTokens + generateTokens;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
