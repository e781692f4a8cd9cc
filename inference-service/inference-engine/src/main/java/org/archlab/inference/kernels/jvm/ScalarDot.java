package org.archlab.inference.kernels.jvm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Plain-loop dot products of a stored row with a float vector: the reference the vector kernels are
 * tested against, and the fallback on machines whose vectors are narrower than 512 bits.
 */
final class ScalarDot {

    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private ScalarDot() {
    }

    static float f32(MemorySegment w, long offset, float[] x, int xOffset, int n) {
        float sum = 0;
        for (int i = 0; i < n; i++) {
            sum += w.get(FLOAT, offset + 4L * i) * x[xOffset + i];
        }
        return sum;
    }

    static float f16(MemorySegment w, long offset, float[] x, int xOffset, int n) {
        float sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Float.float16ToFloat(w.get(SHORT, offset + 2L * i)) * x[xOffset + i];
        }
        return sum;
    }

    static float bf16(MemorySegment w, long offset, float[] x, int xOffset, int n) {
        float sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Float.intBitsToFloat(w.get(SHORT, offset + 2L * i) << 16) * x[xOffset + i];
        }
        return sum;
    }

    static float q8_0(MemorySegment w, long offset, float[] x, int xOffset, int n) {
        float sum = 0;
        for (int block = 0; block < n / 32; block++) {
            long b = offset + 34L * block;
            float scale = Float.float16ToFloat(w.get(SHORT, b));
            float dot = 0;
            for (int j = 0; j < 32; j++) {
                dot += w.get(ValueLayout.JAVA_BYTE, b + 2 + j) * x[xOffset + 32 * block + j];
            }
            sum += scale * dot;
        }
        return sum;
    }

    static float q4_0(MemorySegment w, long offset, float[] x, int xOffset, int n) {
        float sum = 0;
        for (int block = 0; block < n / 32; block++) {
            long b = offset + 18L * block;
            float scale = Float.float16ToFloat(w.get(SHORT, b));
            float dot = 0;
            for (int j = 0; j < 16; j++) {
                int packed = w.get(ValueLayout.JAVA_BYTE, b + 2 + j) & 0xff;
                dot += ((packed & 0x0f) - 8) * x[xOffset + 32 * block + j];
                dot += ((packed >>> 4) - 8) * x[xOffset + 32 * block + 16 + j];
            }
            sum += scale * dot;
        }
        return sum;
    }
}
