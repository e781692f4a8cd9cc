package org.archlab.inference.model;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Rope;
import org.archlab.architecture.spec.RopeScaling;
import org.archlab.inference.kernels.RotaryTable;

/** Builds RoPE tables from the spec: base frequencies, partial rotation and context-extension scaling. */
final class Rotary {

    private Rotary() {
    }

    /**
     * @param local            for sliding-window layers, which use the local base and no scaling (Gemma 3)
     * @param frequencyFactors per-pair divisors stored in the checkpoint, or null
     */
    static RotaryTable table(ArchitectureSpec spec, boolean local, boolean neox, float[] frequencyFactors) {
        Rope rope = spec.rope();
        int headDim = spec.attention().isLatent() ? spec.attention().mla().qkRopeHeadDim() : spec.attention().headDim();
        int rotaryDims = spec.attention().isLatent() ? headDim : (int) Math.round(headDim * rope.rotaryFraction());
        double theta = local && rope.localTheta() != null ? rope.localTheta() : rope.theta();
        RopeScaling scaling = local ? null : rope.scaling();
        float[] frequencies = new float[rotaryDims / 2];
        for (int i = 0; i < frequencies.length; i++) {
            double frequency = Math.pow(theta, -2.0 * i / rotaryDims);
            if (frequencyFactors != null) {
                frequency /= frequencyFactors[i];
            } else if (scaling != null) {
                frequency = scaled(frequency, scaling);
            }
            frequencies[i] = (float) frequency;
        }
        return new RotaryTable(frequencies, rotaryDims, neox, 1f);
    }

    private static double scaled(double frequency, RopeScaling s) {
        return switch (s.type()) {
            case LINEAR -> frequency / s.factor();
            case LLAMA3 -> llama3(frequency, s);
            // YaRN arrives with the models that use it (gpt-oss, DeepSeek-V3); until then it is refused.
            case YARN -> throw new UnsupportedOperationException("YaRN RoPE scaling is not implemented yet");
        };
    }

    /** Llama 3.1's scheme: long wavelengths divided by the factor, short ones kept, a smooth ramp between. */
    private static double llama3(double frequency, RopeScaling s) {
        double wavelength = 2 * Math.PI / frequency;
        double lowWavelength = s.originalMaxPositions() / s.lowFreqFactor();
        double highWavelength = s.originalMaxPositions() / s.highFreqFactor();
        if (wavelength < highWavelength) {
            return frequency;
        }
        if (wavelength > lowWavelength) {
            return frequency / s.factor();
        }
        double smooth = (s.originalMaxPositions() / wavelength - s.lowFreqFactor()) / (s.highFreqFactor() - s.lowFreqFactor());
        return (1 - smooth) * frequency / s.factor() + smooth * frequency;
    }
}
