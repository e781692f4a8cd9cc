package org.archlab.inference.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Reads stored values back as floats: embedding rows at lookup, and small vectors (norms, biases) at load. */
public final class Dequantize {

    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Dequantize() {
    }

    /** Row {@code row} of {@code t} into {@code out[outOffset…]}. */
    public static void row(WeightTensor t, int row, float[] out, int outOffset) {
        values(t.type(), t.data(), row * t.rowBytes(), out, outOffset, t.columns());
    }

    /** {@code n} stored values of a format, from byte {@code base} of {@code data}, into {@code out[outOffset…]}. */
    public static void values(GgmlType type, MemorySegment data, long base, float[] out, int outOffset, int n) {
        switch (type) {
            case F32 -> MemorySegment.copy(data, FLOAT, base, out, outOffset, n);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    out[outOffset + i] = Float.float16ToFloat(data.get(SHORT, base + 2L * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    out[outOffset + i] = Float.intBitsToFloat(data.get(SHORT, base + 2L * i) << 16);
                }
            }
            case Q8_0 -> {
                for (int block = 0; block < n / 32; block++) {
                    long b = base + 34L * block;
                    float scale = Float.float16ToFloat(data.get(SHORT, b));
                    for (int j = 0; j < 32; j++) {
                        out[outOffset + 32 * block + j] = scale * data.get(ValueLayout.JAVA_BYTE, b + 2 + j);
                    }
                }
            }
            case Q4_0 -> {
                for (int block = 0; block < n / 32; block++) {
                    long b = base + 18L * block;
                    float scale = Float.float16ToFloat(data.get(SHORT, b));
                    for (int j = 0; j < 16; j++) {
                        int packed = data.get(ValueLayout.JAVA_BYTE, b + 2 + j) & 0xff;
                        out[outOffset + 32 * block + j] = scale * ((packed & 0x0f) - 8);
                        out[outOffset + 32 * block + 16 + j] = scale * ((packed >>> 4) - 8);
                    }
                }
            }
        }
    }

    /** A whole (small) tensor as floats. */
    public static float[] all(WeightTensor t) {
        float[] out = new float[Math.toIntExact(t.elements())];
        for (int r = 0; r < t.rows(); r++) {
            row(t, r, out, r * t.columns());
        }
        return out;
    }
}
