package org.archlab.inference.kernels.jvm;

/**
 * An activation vector quantised to int8 in blocks of 32 with one float scale per block (the Q8_0
 * activation scheme llama.cpp uses for its integer dot products), so that a quantised weight row can be
 * multiplied in integer lanes. Quantised once per matrix-vector product and shared read-only by every
 * row and thread. The int8 values are stored widened to shorts: the integer kernels multiply in 16-bit
 * lanes, and widening here once saves a conversion per row.
 */
final class QuantizedActivations {

    static final int BLOCK = 32;

    /** q[i] in [−127, 127], x[i] ≈ q[i] · scales[i / 32]. */
    short[] quants = new short[0];
    float[] scales = new float[0];
    /** Σq over each block: Q4_0 stores nibble = q + 8, and Σ(nibble − 8)·a = Σnibble·a − 8·Σa. */
    int[] sums = new int[0];
    int blocks;

    /** Quantises x[xOffset, xOffset + n) (n a multiple of 32) into this, reusing its arrays when large enough. */
    QuantizedActivations quantize(float[] x, int xOffset, int n) {
        if (n % BLOCK != 0) {
            throw new IllegalArgumentException("n must be a multiple of " + BLOCK + ", was " + n);
        }
        blocks = n / BLOCK;
        if (quants.length < n) {
            quants = new short[n];
            scales = new float[blocks];
            sums = new int[blocks];
        }
        for (int block = 0; block < blocks; block++) {
            int from = xOffset + BLOCK * block;
            float max = 0;
            for (int i = 0; i < BLOCK; i++) {
                max = Math.max(max, Math.abs(x[from + i]));
            }
            // 127, not 128: a symmetric range keeps −q representable, and q·q' of two int8 stays within 16 bits.
            float scale = max / 127f;
            float inverse = scale == 0 ? 0 : 1 / scale;
            int sum = 0;
            for (int i = 0; i < BLOCK; i++) {
                int q = Math.round(x[from + i] * inverse);
                quants[BLOCK * block + i] = (short) q;
                sum += q;
            }
            scales[block] = scale;
            sums[block] = sum;
        }
        return this;
    }
}
