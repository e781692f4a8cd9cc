package org.archlab.inference.kernels.jvm;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

import org.archlab.inference.tensor.Dequantize;
import org.archlab.inference.tensor.GgmlType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Decodes one stored weight row into floats with the Vector API, for the batched matmul: a row is
 * decoded once and then multiplied with every token of the batch.
 */
final class RowDecode {

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);
    private static final boolean WIDE = FloatVector.SPECIES_PREFERRED.length() >= 16;

    private RowDecode() {
    }

    static void f32(MemorySegment w, long offset, float[] out, int o, int n) {
        MemorySegment.copy(w, FLOAT, offset, out, o, n);
    }

    static void bf16(MemorySegment w, long offset, float[] out, int o, int n) {
        int i = 0;
        if (WIDE) {
            for (int upper = n & ~15; i < upper; i += 16) {
                ((IntVector) ShortVector.fromMemorySegment(ShortVector.SPECIES_256, w, offset + 2L * i, LE)
                        .convertShape(VectorOperators.S2I, IntVector.SPECIES_512, 0))
                        .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(out, o + i);
            }
        }
        for (; i < n; i++) {
            out[o + i] = Float.intBitsToFloat(w.get(SHORT, offset + 2L * i) << 16);
        }
    }

    static void f16(MemorySegment w, long offset, float[] out, int o, int n) {
        // Decoding is O(row) against the O(row × tokens) multiply: the scalar intrinsic is fast enough.
        Dequantize.values(GgmlType.F16, w, offset, out, o, n);
    }

    static void q8_0(MemorySegment w, long offset, float[] out, int o, int n) {
        if (!WIDE) {
            Dequantize.values(GgmlType.Q8_0, w, offset, out, o, n);
            return;
        }
        for (int block = 0; block < n / 32; block++) {
            long b = offset + 34L * block;
            float scale = Float.float16ToFloat(w.get(SHORT, b));
            var q = ByteVector.fromMemorySegment(ByteVector.SPECIES_256, w, b + 2, LE);
            ((FloatVector) q.convertShape(VectorOperators.B2F, FloatVector.SPECIES_512, 0)).mul(scale).intoArray(out, o + 32 * block);
            ((FloatVector) q.convertShape(VectorOperators.B2F, FloatVector.SPECIES_512, 1)).mul(scale).intoArray(out, o + 32 * block + 16);
        }
    }

    static void q4_0(MemorySegment w, long offset, float[] out, int o, int n) {
        if (!WIDE) {
            Dequantize.values(GgmlType.Q4_0, w, offset, out, o, n);
            return;
        }
        for (int block = 0; block < n / 32; block++) {
            long b = offset + 18L * block;
            float scale = Float.float16ToFloat(w.get(SHORT, b));
            var packed = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, w, b + 2, LE);
            var low = packed.lanewise(VectorOperators.AND, (byte) 0x0f).sub((byte) 8);
            var high = packed.lanewise(VectorOperators.LSHR, 4).lanewise(VectorOperators.AND, (byte) 0x0f).sub((byte) 8);
            ((FloatVector) low.convertShape(VectorOperators.B2F, FloatVector.SPECIES_512, 0)).mul(scale).intoArray(out, o + 32 * block);
            ((FloatVector) high.convertShape(VectorOperators.B2F, FloatVector.SPECIES_512, 0)).mul(scale).intoArray(out, o + 32 * block + 16);
        }
    }
}
