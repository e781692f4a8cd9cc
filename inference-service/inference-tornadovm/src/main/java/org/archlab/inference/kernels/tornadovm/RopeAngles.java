package org.archlab.inference.kernels.tornadovm;

import org.archlab.inference.kernels.RotaryTable;

/** RoPE's cos and sin per rotated pair for a position, computed on the host for the rope kernel. */
final class RopeAngles {

    private RopeAngles() {
    }

    /**
     * Writes cos then sin of each pair's angle at {@code position}, the attention factor applied, from
     * {@code out[offset]}. Angles in double, as the JVM backend computes them: float angles drift at long positions.
     */
    static void write(RotaryTable table, int position, float[] out, int offset) {
        float[] frequencies = table.inverseFrequencies();
        for (int i = 0; i < table.rotaryDims() / 2; i++) {
            double angle = (double) position * frequencies[i];
            out[offset + 2 * i] = (float) Math.cos(angle) * table.attentionFactor();
            out[offset + 2 * i + 1] = (float) Math.sin(angle) * table.attentionFactor();
        }
    }
}
