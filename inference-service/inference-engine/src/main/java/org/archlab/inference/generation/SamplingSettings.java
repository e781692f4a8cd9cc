package org.archlab.inference.generation;

/**
 * How the next token is chosen.
 *
 * @param temperature       0 = greedy; otherwise logits are divided by it
 * @param topK              keep the k most likely tokens (0 = all)
 * @param topP              keep the smallest set whose probability reaches p (1 = all)
 * @param minP              drop tokens less likely than minP × the most likely one (0 = none)
 * @param repetitionPenalty divide positive logits (multiply negative ones) of already seen tokens by this (1 = none)
 * @param seed              seed of the sampling stream; the same seed gives the same tokens
 */
public record SamplingSettings(float temperature, int topK, float topP, float minP, float repetitionPenalty, long seed) {

    public static final SamplingSettings GREEDY = new SamplingSettings(0f, 0, 1f, 0f, 1f, 0);

    public SamplingSettings {
        if (temperature < 0 || !Float.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be ≥ 0, was " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be ≥ 0, was " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], was " + topP);
        }
        if (!(minP >= 0 && minP < 1)) {
            throw new IllegalArgumentException("minP must be in [0, 1), was " + minP);
        }
        if (!(repetitionPenalty > 0)) {
            throw new IllegalArgumentException("repetitionPenalty must be positive, was " + repetitionPenalty);
        }
    }
}
