package org.archlab.inference.model;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Rope;
import org.archlab.architecture.spec.RopeScaling;
import org.archlab.architecture.spec.RopeScalingType;
import org.archlab.inference.kernels.RotaryTable;

/** Builds RoPE tables from the spec: base frequencies, partial rotation and context-extension scaling. */
final class Rotary {

    private Rotary() {
    }

    /**
     * @param local            for sliding-window layers, which use the local base and no scaling where the spec has one (Gemma 3)
     * @param frequencyFactors per-pair divisors stored in the checkpoint, or null
     */
    static RotaryTable table(ArchitectureSpec spec, boolean local, boolean neox, float[] frequencyFactors) {
        Rope rope = spec.rope();
        int headDim = spec.attention().isLatent() ? spec.attention().mla().qkRopeHeadDim() : spec.attention().headDim();
        int rotaryDims = spec.attention().isLatent() ? headDim : (int) Math.round(headDim * rope.rotaryFraction());
        // Only models with their own local base (Gemma 3) leave context scaling off their local layers;
        // gpt-oss scales its sliding layers like the others.
        boolean ownLocalRope = local && rope.localTheta() != null;
        double theta = ownLocalRope ? rope.localTheta() : rope.theta();
        RopeScaling scaling = ownLocalRope ? null : rope.scaling();
        float[] frequencies = new float[rotaryDims / 2];
        for (int i = 0; i < frequencies.length; i++) {
            double frequency = Math.pow(theta, -2.0 * i / rotaryDims);
            if (frequencyFactors != null) {
                frequency /= frequencyFactors[i];
            } else if (scaling != null) {
                frequency = switch (scaling.type()) {
                    case LINEAR -> frequency / scaling.factor();
                    case LLAMA3 -> llama3(frequency, scaling);
                    case YARN -> yarn(frequency, i, rotaryDims, theta, scaling);
                };
            }
            frequencies[i] = (float) frequency;
        }
        boolean yarn = scaling != null && scaling.type() == RopeScalingType.YARN;
        return new RotaryTable(frequencies, rotaryDims, neox, yarn ? (float) (1 + 0.1 * Math.log(scaling.factor())) : 1f);
    }

    /**
     * YaRN: pairs that turn many times within the original context keep their frequency, pairs that turn
     * less than once are interpolated by the factor, and a linear ramp between the two boundaries
     * (β_fast and β_slow rotations) mixes them. The magnitude correction is the table's attention factor.
     */
    private static double yarn(double frequency, int pair, int rotaryDims, double theta, RopeScaling s) {
        double original = s.originalMaxPositions();
        double low = Math.max(0, Math.floor(correctionDim(s.betaFast() == null ? 32 : s.betaFast(), rotaryDims, original, theta)));
        double high = Math.min(rotaryDims - 1, Math.ceil(correctionDim(s.betaSlow() == null ? 1 : s.betaSlow(), rotaryDims, original, theta)));
        double ramp = 1 - Math.clamp((pair - low) / Math.max(0.001, high - low), 0, 1);
        double interpolated = frequency / s.factor();
        return interpolated * (1 - ramp) + frequency * ramp;
    }

    /** The pair index whose wavelength fits {@code rotations} times into the original context. */
    private static double correctionDim(double rotations, int rotaryDims, double originalContext, double theta) {
        return rotaryDims * Math.log(originalContext / (rotations * 2 * Math.PI)) / (2 * Math.log(theta));
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
