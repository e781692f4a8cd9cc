package org.archlab.inference.model;

/**
 * Statistical top-k of a feed-forward gate (Gemma 3n's activation sparsity): for each token the gate's
 * pre-activations g become max(g − (mean(g) + z·std(g)), 0), with std the sample standard deviation (n − 1) and
 * z = Φ⁻¹(sparsity). If g is Gaussian, the share {@code sparsity} of the values falls below the cutoff and is
 * zeroed; the rest are shifted down by it, so the activation is continuous in g. No sort is needed, unlike an
 * exact top-k.
 */
final class GateSparsity {

    private final double z;

    GateSparsity(double sparsity) {
        if (!(sparsity > 0 && sparsity < 1)) {
            throw new IllegalArgumentException("gate sparsity must be strictly between 0 and 1, was " + sparsity);
        }
        this.z = NormalQuantile.of(sparsity);
    }

    /** The standard deviations above the mean where the cut falls. */
    double cutoffInStandardDeviations() {
        return z;
    }

    /** Cuts each of {@code rows} rows of {@code width} gate values in place. */
    void apply(float[] gate, int rows, int width) {
        for (int r = 0; r < rows; r++) {
            int offset = r * width;
            double sum = 0;
            for (int i = 0; i < width; i++) {
                sum += gate[offset + i];
            }
            double mean = sum / width;
            double squares = 0;
            for (int i = 0; i < width; i++) {
                double d = gate[offset + i] - mean;
                squares += d * d;
            }
            double std = width > 1 ? Math.sqrt(squares / (width - 1)) : 0;
            float cutoff = (float) (mean + z * std);
            for (int i = 0; i < width; i++) {
                gate[offset + i] = Math.max(gate[offset + i] - cutoff, 0f);
            }
        }
    }
}
