package org.archlab.inference.kernels.jvm;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Dot products of one stored weight row with a float vector, per storage format, on the Vector API.
 * Each method reads {@code n} values of the row starting at byte {@code offset} of {@code w} and the
 * matching {@code n} floats of {@code x} from {@code xOffset}. Tails shorter than a vector run scalar.
 */
final class RowDot {

    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F16_LANES = FloatVector.SPECIES_512.length() <= F.length()
            ? FloatVector.SPECIES_512 : F;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);
    private static final boolean WIDE = F.length() >= 16;

    private RowDot() {
    }

    static float f32(MemorySegment w, long offset, float[] x, int xOffset, int n) {
        var acc = FloatVector.zero(F);
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            var wv = FloatVector.fromMemorySegment(F, w, offset + 4L * i, LE);
            acc = wv.fma(FloatVector.fromArray(F, x, xOffset + i), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += w.get(FLOAT, offset + 4L * i) * x[xOffset + i];
        }
        return sum;
    }

    static float bf16(MemorySegment w, long offset, float[] x, int xOffset, int n) {
        int i = 0;
        float sum = 0;
        if (WIDE) {
            var acc = FloatVector.zero(FloatVector.SPECIES_512);
            for (int upper = n & ~15; i < upper; i += 16) {
                var bits = (IntVector) ShortVector.fromMemorySegment(ShortVector.SPECIES_256, w, offset + 2L * i, LE)
                        .convertShape(VectorOperators.S2I, IntVector.SPECIES_512, 0);
                var wv = bits.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                acc = wv.fma(FloatVector.fromArray(FloatVector.SPECIES_512, x, xOffset + i), acc);
            }
            sum = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) {
            sum += Float.intBitsToFloat(w.get(SHORT, offset + 2L * i) << 16) * x[xOffset + i];
        }
        return sum;
    }

    static float f16(MemorySegment w, long offset, float[] x, int xOffset, int n) {
        int i = 0;
        float sum = 0;
        if (WIDE) {
            var acc = FloatVector.zero(FloatVector.SPECIES_512);
            for (int upper = n & ~15; i < upper; i += 16) {
                var half = (IntVector) ShortVector.fromMemorySegment(ShortVector.SPECIES_256, w, offset + 2L * i, LE)
                        .convertShape(VectorOperators.S2I, IntVector.SPECIES_512, 0);
                acc = halfToFloat(half).fma(FloatVector.fromArray(FloatVector.SPECIES_512, x, xOffset + i), acc);
            }
            sum = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) {
            sum += Float.float16ToFloat(w.get(SHORT, offset + 2L * i)) * x[xOffset + i];
        }
        return sum;
    }

    /**
     * IEEE half → float on sign-extended 16-bit lanes: normal numbers re-bias the exponent; subnormals
     * are m·2⁻²⁴ (exact in float); infinities and NaNs keep an all-ones exponent.
     */
    private static FloatVector halfToFloat(IntVector h) {
        var sign = h.lanewise(VectorOperators.AND, 0x8000).lanewise(VectorOperators.LSHL, 16);
        var exponent = h.lanewise(VectorOperators.LSHR, 10).lanewise(VectorOperators.AND, 0x1f);
        var mantissa = h.lanewise(VectorOperators.AND, 0x3ff);
        var normal = exponent.add(112).lanewise(VectorOperators.LSHL, 23).or(mantissa.lanewise(VectorOperators.LSHL, 13));
        var special = mantissa.lanewise(VectorOperators.LSHL, 13).or(0x7f800000);
        var bits = normal.blend(special, exponent.eq(0x1f));
        var subnormal = ((FloatVector) mantissa.convert(VectorOperators.I2F, 0)).mul(0x1p-24f).reinterpretAsInts();
        bits = bits.blend(subnormal, exponent.eq(0));
        return bits.or(sign).reinterpretAsFloats();
    }

    static float q8_0(MemorySegment w, long offset, float[] x, int xOffset, int n) {
        if (!WIDE) {
            return ScalarDot.q8_0(w, offset, x, xOffset, n);
        }
        var acc = FloatVector.zero(FloatVector.SPECIES_512);
        for (int block = 0; block < n / 32; block++) {
            long b = offset + 34L * block;
            float scale = Float.float16ToFloat(w.get(SHORT, b));
            var q = ByteVector.fromMemorySegment(ByteVector.SPECIES_256, w, b + 2, LE);
            var lo = (FloatVector) q.convertShape(VectorOperators.B2F, FloatVector.SPECIES_512, 0);
            var hi = (FloatVector) q.convertShape(VectorOperators.B2F, FloatVector.SPECIES_512, 1);
            int xi = xOffset + 32 * block;
            var dot = lo.mul(FloatVector.fromArray(FloatVector.SPECIES_512, x, xi))
                    .add(hi.mul(FloatVector.fromArray(FloatVector.SPECIES_512, x, xi + 16)));
            acc = dot.fma(FloatVector.broadcast(FloatVector.SPECIES_512, scale), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    static float q4_0(MemorySegment w, long offset, float[] x, int xOffset, int n) {
        if (!WIDE) {
            return ScalarDot.q4_0(w, offset, x, xOffset, n);
        }
        var acc = FloatVector.zero(FloatVector.SPECIES_512);
        for (int block = 0; block < n / 32; block++) {
            long b = offset + 18L * block;
            float scale = Float.float16ToFloat(w.get(SHORT, b));
            var packed = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, w, b + 2, LE);
            var low = packed.lanewise(VectorOperators.AND, (byte) 0x0f).sub((byte) 8);
            var high = packed.lanewise(VectorOperators.LSHR, 4).lanewise(VectorOperators.AND, (byte) 0x0f).sub((byte) 8);
            var lo = (FloatVector) low.convertShape(VectorOperators.B2F, FloatVector.SPECIES_512, 0);
            var hi = (FloatVector) high.convertShape(VectorOperators.B2F, FloatVector.SPECIES_512, 0);
            int xi = xOffset + 32 * block;
            var dot = lo.mul(FloatVector.fromArray(FloatVector.SPECIES_512, x, xi))
                    .add(hi.mul(FloatVector.fromArray(FloatVector.SPECIES_512, x, xi + 16)));
            acc = dot.fma(FloatVector.broadcast(FloatVector.SPECIES_512, scale), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }
}
