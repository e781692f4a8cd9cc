package org.archlab.inference.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Stores float rows in each weight format, with ggml's reference block layouts and rounding. */
public final class Quantize {

    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Quantize() {
    }

    /** Writes {@code n} values of {@code x} from {@code xOffset} as one row at byte {@code offset} of {@code out}. */
    public static void row(GgmlType type, float[] x, int xOffset, int n, MemorySegment out, long offset) {
        switch (type) {
            case F32 -> MemorySegment.copy(x, xOffset, out, FLOAT, offset, n);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    out.set(SHORT, offset + 2L * i, Float.floatToFloat16(x[xOffset + i]));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    out.set(SHORT, offset + 2L * i, bf16(x[xOffset + i]));
                }
            }
            case Q8_0 -> {
                for (int block = 0; block < n / 32; block++) {
                    q8Block(x, xOffset + 32 * block, out, offset + 34L * block);
                }
            }
            case Q4_0 -> {
                for (int block = 0; block < n / 32; block++) {
                    q4Block(x, xOffset + 32 * block, out, offset + 18L * block);
                }
            }
        }
    }

    /** Round to nearest even, as PyTorch and ggml convert to bfloat16. */
    static short bf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }

    private static void q8Block(float[] x, int from, MemorySegment out, long offset) {
        float max = 0;
        for (int j = 0; j < 32; j++) {
            max = Math.max(max, Math.abs(x[from + j]));
        }
        float scale = max / 127f;
        float inverse = scale == 0 ? 0 : 1 / scale;
        out.set(SHORT, offset, Float.floatToFloat16(scale));
        for (int j = 0; j < 32; j++) {
            out.set(ValueLayout.JAVA_BYTE, offset + 2 + j, (byte) Math.round(x[from + j] * inverse));
        }
    }

    /** ggml's Q4_0: the scale is the signed extreme / −8, values stored as nibbles offset by 8. */
    private static void q4Block(float[] x, int from, MemorySegment out, long offset) {
        float extreme = 0;
        for (int j = 0; j < 32; j++) {
            if (Math.abs(x[from + j]) > Math.abs(extreme)) {
                extreme = x[from + j];
            }
        }
        float scale = extreme / -8f;
        float inverse = scale == 0 ? 0 : 1 / scale;
        out.set(SHORT, offset, Float.floatToFloat16(scale));
        for (int j = 0; j < 16; j++) {
            int low = Math.min(15, (int) (x[from + j] * inverse + 8.5f));
            int high = Math.min(15, (int) (x[from + 16 + j] * inverse + 8.5f));
            out.set(ValueLayout.JAVA_BYTE, offset + 2 + j, (byte) (low | high << 4));
        }
    }
}
