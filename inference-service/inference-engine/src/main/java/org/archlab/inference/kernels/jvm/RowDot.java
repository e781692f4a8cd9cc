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
    private static final VectorSpecies<Float> F512 = FloatVector.SPECIES_512;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);
    private static final boolean WIDE = F.length() >= 16;

    private RowDot() {
    }

    static float f32(MemorySegment w, long offset, float[] x, int xOffset, int n) {
        var acc0 = FloatVector.zero(F);
        var acc1 = FloatVector.zero(F);
        int i = 0;
        int step = F.length();
        for (int upper = n - 2 * step; i <= upper; i += 2 * step) {
            acc0 = FloatVector.fromMemorySegment(F, w, offset + 4L * i, LE).fma(FloatVector.fromArray(F, x, xOffset + i), acc0);
            acc1 = FloatVector.fromMemorySegment(F, w, offset + 4L * (i + step), LE)
                    .fma(FloatVector.fromArray(F, x, xOffset + i + step), acc1);
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += w.get(FLOAT, offset + 4L * i) * x[xOffset + i];
        }
        return sum;
    }

    static float bf16(MemorySegment w, long offset, float[] x, int xOffset, int n) {
        int i = 0;
        float sum = 0;
        if (WIDE) {
            var acc0 = FloatVector.zero(F512);
            var acc1 = FloatVector.zero(F512);
            for (int upper = n - 32; i <= upper; i += 32) {
                acc0 = bf16Lanes(w, offset + 2L * i).fma(FloatVector.fromArray(F512, x, xOffset + i), acc0);
                acc1 = bf16Lanes(w, offset + 2L * i + 32).fma(FloatVector.fromArray(F512, x, xOffset + i + 16), acc1);
            }
            sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) {
            sum += Float.intBitsToFloat(w.get(SHORT, offset + 2L * i) << 16) * x[xOffset + i];
        }
        return sum;
    }

    /** Sixteen bfloat16 values as floats: a bfloat16 is the top half of a float's bits. */
    private static FloatVector bf16Lanes(MemorySegment w, long offset) {
        return ((IntVector) ShortVector.fromMemorySegment(ShortVector.SPECIES_256, w, offset, LE)
                .convertShape(VectorOperators.S2I, IntVector.SPECIES_512, 0))
                .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    static float f16(MemorySegment w, long offset, float[] x, int xOffset, int n) {
        int i = 0;
        float sum = 0;
        if (WIDE) {
            HalfChunk chunk = HALF_CHUNKS.get();
            short[] halves = chunk.halves;
            float[] floats = chunk.floats;
            var acc0 = FloatVector.zero(F512);
            var acc1 = FloatVector.zero(F512);
            for (int length = Math.min(HalfChunk.LENGTH, n & ~31); length > 0; length = Math.min(HalfChunk.LENGTH, (n - i) & ~31)) {
                MemorySegment.copy(w, SHORT, offset + 2L * i, halves, 0, length);
                // C2 turns this loop into the CPU's half-to-float conversion (vcvtph2ps), exact for every half.
                for (int j = 0; j < length; j++) {
                    floats[j] = Float.float16ToFloat(halves[j]);
                }
                for (int j = 0; j < length; j += 32) {
                    acc0 = FloatVector.fromArray(F512, floats, j).fma(FloatVector.fromArray(F512, x, xOffset + i + j), acc0);
                    acc1 = FloatVector.fromArray(F512, floats, j + 16).fma(FloatVector.fromArray(F512, x, xOffset + i + j + 16), acc1);
                }
                i += length;
            }
            sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) {
            sum += Float.float16ToFloat(w.get(SHORT, offset + 2L * i)) * x[xOffset + i];
        }
        return sum;
    }

    /**
     * A thread's buffers for F16 rows, converted a chunk at a time by the hardware rather than by bit arithmetic in
     * vector lanes. The bit trick (shift the half into a float's place, rescale by 2¹¹² once per row) turned the 0.24 %
     * of a trained-looking row's halves that are subnormal into float subnormals, and every FMA over one takes a
     * microcode assist on Intel cores: half the speed of the same rows without subnormals when compute-bound, a quarter
     * less when streaming from memory (docs/benchmarks.md, "F16 decode and subnormal weights"). The CPU's conversion
     * makes every half a normal float.
     */
    private static final class HalfChunk {
        /** Halves per chunk: the copied halves (1 KiB) and their floats (2 KiB) stay in L1 beside x. */
        static final int LENGTH = 512;
        final short[] halves = new short[LENGTH];
        final float[] floats = new float[LENGTH];
    }

    private static final ThreadLocal<HalfChunk> HALF_CHUNKS = ThreadLocal.withInitial(HalfChunk::new);

    static float q8_0(MemorySegment w, long offset, float[] x, int xOffset, int n) {
        if (!WIDE) {
            return ScalarDot.q8_0(w, offset, x, xOffset, n);
        }
        // Two independent accumulators keep consecutive blocks off each other's FMA latency.
        var acc0 = FloatVector.zero(F512);
        var acc1 = FloatVector.zero(F512);
        int blocks = n / 32;
        int block = 0;
        for (; block + 1 < blocks; block += 2) {
            long b = offset + 34L * block;
            int xi = xOffset + 32 * block;
            acc0 = q8Block(w, b, x, xi).fma(FloatVector.broadcast(F512, Float.float16ToFloat(w.get(SHORT, b))), acc0);
            acc1 = q8Block(w, b + 34, x, xi + 32).fma(FloatVector.broadcast(F512, Float.float16ToFloat(w.get(SHORT, b + 34))), acc1);
        }
        if (block < blocks) {
            long b = offset + 34L * block;
            acc0 = q8Block(w, b, x, xOffset + 32 * block).fma(FloatVector.broadcast(F512, Float.float16ToFloat(w.get(SHORT, b))), acc0);
        }
        return acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }

    /** The unscaled dot product of one Q8_0 block's 32 quants with x, left in 16 lanes. */
    private static FloatVector q8Block(MemorySegment w, long block, float[] x, int xi) {
        var lo = (FloatVector) ByteVector.fromMemorySegment(ByteVector.SPECIES_128, w, block + 2, LE)
                .convertShape(VectorOperators.B2F, F512, 0);
        var hi = (FloatVector) ByteVector.fromMemorySegment(ByteVector.SPECIES_128, w, block + 18, LE)
                .convertShape(VectorOperators.B2F, F512, 0);
        return hi.fma(FloatVector.fromArray(F512, x, xi + 16), lo.mul(FloatVector.fromArray(F512, x, xi)));
    }

    /** Σx over each block of 32, which Q4_0's dot product needs to remove its +8 offset. */
    static float[] blockSums(float[] x, int xOffset, int n) {
        float[] sums = new float[n / 32];
        for (int block = 0; block < sums.length; block++) {
            float sum = 0;
            for (int i = xOffset + 32 * block, end = i + 32; i < end; i++) {
                sum += x[i];
            }
            sums[block] = sum;
        }
        return sums;
    }

    /**
     * @param xBlockSums {@link #blockSums} of x: the stored nibbles are q + 8, so each block's dot
     *                   product is Σnibble·x − 8·Σx, which saves the subtraction on every weight
     */
    static float q4_0(MemorySegment w, long offset, float[] x, int xOffset, float[] xBlockSums, int n) {
        if (!WIDE) {
            return ScalarDot.q4_0(w, offset, x, xOffset, n);
        }
        var acc0 = FloatVector.zero(F512);
        var acc1 = FloatVector.zero(F512);
        float offsets = 0;
        int blocks = n / 32;
        int block = 0;
        for (; block + 1 < blocks; block += 2) {
            long b = offset + 18L * block;
            int xi = xOffset + 32 * block;
            float scale0 = Float.float16ToFloat(w.get(SHORT, b));
            float scale1 = Float.float16ToFloat(w.get(SHORT, b + 18));
            acc0 = q4Block(w, b, x, xi).fma(FloatVector.broadcast(F512, scale0), acc0);
            acc1 = q4Block(w, b + 18, x, xi + 32).fma(FloatVector.broadcast(F512, scale1), acc1);
            offsets += scale0 * xBlockSums[block] + scale1 * xBlockSums[block + 1];
        }
        if (block < blocks) {
            long b = offset + 18L * block;
            float scale = Float.float16ToFloat(w.get(SHORT, b));
            acc0 = q4Block(w, b, x, xOffset + 32 * block).fma(FloatVector.broadcast(F512, scale), acc0);
            offsets += scale * xBlockSums[block];
        }
        return acc0.add(acc1).reduceLanes(VectorOperators.ADD) - 8 * offsets;
    }

    /** Σnibble·x of one Q4_0 block: byte j holds element j in its low nibble and element j+16 in its high one. */
    private static FloatVector q4Block(MemorySegment w, long block, float[] x, int xi) {
        var nibbles = (IntVector) ByteVector.fromMemorySegment(ByteVector.SPECIES_128, w, block + 2, LE)
                .convertShape(VectorOperators.ZERO_EXTEND_B2I, IntVector.SPECIES_512, 0);
        var lo = (FloatVector) nibbles.lanewise(VectorOperators.AND, 0x0f).convert(VectorOperators.I2F, 0);
        var hi = (FloatVector) nibbles.lanewise(VectorOperators.LSHR, 4).convert(VectorOperators.I2F, 0);
        return hi.fma(FloatVector.fromArray(F512, x, xi + 16), lo.mul(FloatVector.fromArray(F512, x, xi)));
    }
}
