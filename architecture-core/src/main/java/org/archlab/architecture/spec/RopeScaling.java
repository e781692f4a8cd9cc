package org.archlab.architecture.spec;

/**
 * Context-extension scaling of RoPE frequencies. Fields a type does not use are {@code null}.
 *
 * @param type                 LINEAR, LLAMA3 or YARN
 * @param factor               extension factor
 * @param originalMaxPositions context length the model was pre-trained with
 * @param lowFreqFactor        LLAMA3: wavelengths above original/lowFreqFactor are scaled fully
 * @param highFreqFactor       LLAMA3: wavelengths below original/highFreqFactor are kept
 * @param betaFast             YARN: ramp boundary in rotations (fast)
 * @param betaSlow             YARN: ramp boundary in rotations (slow)
 * @param mscale               YARN: attention magnitude scale
 * @param mscaleAllDim         YARN: magnitude scale applied to all dimensions (DeepSeek)
 */
public record RopeScaling(
        RopeScalingType type,
        double factor,
        Integer originalMaxPositions,
        Double lowFreqFactor,
        Double highFreqFactor,
        Double betaFast,
        Double betaSlow,
        Double mscale,
        Double mscaleAllDim) {
}
