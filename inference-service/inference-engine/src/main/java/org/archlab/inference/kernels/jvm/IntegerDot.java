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
 * Dot products of a Q8_0 or Q4_0 weight row with {@link QuantizedActivations} in integer lanes: within a
 * block the weights and activations are multiplied as 16-bit integers and summed as 32-bit integers, and
 * only the block's sum is converted to float, multiplied by the two scales. The Vector API has no
 * vpmaddwd/vpdpbusd, so the pairwise 16→32-bit sum is spelled out (shift, arithmetic shift, add).
 * Requires 512-bit vectors ({@link #SUPPORTED}); {@link ScalarDot}-style plain loops are the reference.
 */
final class IntegerDot {

    private static final VectorSpecies<Short> S512 = ShortVector.SPECIES_512;
    private static final VectorSpecies<Short> S256 = ShortVector.SPECIES_256;
    private static final VectorSpecies<Float> F512 = FloatVector.SPECIES_512;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);

    /** Whether the machine's vectors are wide enough for these kernels to run in hardware lanes. */
    static final boolean SUPPORTED = IntVector.SPECIES_PREFERRED.vectorBitSize() >= 512;

    private IntegerDot() {
    }

    /** Σ W[i]·x[i] over n columns of one Q8_0 row at {@code offset}, x given quantised. */
    static float q8_0(MemorySegment w, long offset, QuantizedActivations x, int n) {
        short[] quants = x.quants;
        float[] scales = x.scales;
        var acc0 = FloatVector.zero(F512);
        var acc1 = FloatVector.zero(F512);
        int blocks = n / 32;
        int block = 0;
        for (; block + 1 < blocks; block += 2) {
            long b = offset + 34L * block;
            acc0 = q8Block(w, b, quants, 32 * block)
                    .fma(FloatVector.broadcast(F512, Float.float16ToFloat(w.get(SHORT, b)) * scales[block]), acc0);
            acc1 = q8Block(w, b + 34, quants, 32 * block + 32)
                    .fma(FloatVector.broadcast(F512, Float.float16ToFloat(w.get(SHORT, b + 34)) * scales[block + 1]), acc1);
        }
        if (block < blocks) {
            long b = offset + 34L * block;
            acc0 = q8Block(w, b, quants, 32 * block)
                    .fma(FloatVector.broadcast(F512, Float.float16ToFloat(w.get(SHORT, b)) * scales[block]), acc0);
        }
        return acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }

    /** One Q8_0 block times 32 activations: 32 16-bit products summed pairwise into 16 int lanes, as floats. */
    private static FloatVector q8Block(MemorySegment w, long block, short[] quants, int q) {
        var weights = (ShortVector) ByteVector.fromMemorySegment(ByteVector.SPECIES_256, w, block + 2, LE)
                .convertShape(VectorOperators.B2S, S512, 0);
        // |w·a| ≤ 128·127 fits a short; the pairwise sum would not, so it is taken in int lanes.
        var products = weights.mul(ShortVector.fromArray(S512, quants, q)).reinterpretAsInts();
        return (FloatVector) pairSums(products).convert(VectorOperators.I2F, 0);
    }

    /** Each int lane holds two 16-bit products: their sum, sign-extended (what vpmaddwd computes). */
    private static IntVector pairSums(IntVector packed) {
        return packed.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16)
                .add(packed.lanewise(VectorOperators.ASHR, 16));
    }

    /** Σ W[i]·x[i] over n columns of one Q4_0 row at {@code offset}, x given quantised. */
    static float q4_0(MemorySegment w, long offset, QuantizedActivations x, int n) {
        short[] quants = x.quants;
        float[] scales = x.scales;
        int[] sums = x.sums;
        var acc0 = FloatVector.zero(F512);
        var acc1 = FloatVector.zero(F512);
        // Σ(nibble − 8)·a = Σnibble·a − 8·Σa: the offsets are collected per block and subtracted once.
        float offsets = 0;
        int blocks = n / 32;
        int block = 0;
        for (; block + 1 < blocks; block += 2) {
            long b = offset + 18L * block;
            float scale0 = Float.float16ToFloat(w.get(SHORT, b)) * scales[block];
            float scale1 = Float.float16ToFloat(w.get(SHORT, b + 18)) * scales[block + 1];
            acc0 = q4Block(w, b, quants, 32 * block).fma(FloatVector.broadcast(F512, scale0), acc0);
            acc1 = q4Block(w, b + 18, quants, 32 * block + 32).fma(FloatVector.broadcast(F512, scale1), acc1);
            offsets += scale0 * sums[block] + scale1 * sums[block + 1];
        }
        if (block < blocks) {
            long b = offset + 18L * block;
            float scale = Float.float16ToFloat(w.get(SHORT, b)) * scales[block];
            acc0 = q4Block(w, b, quants, 32 * block).fma(FloatVector.broadcast(F512, scale), acc0);
            offsets += scale * sums[block];
        }
        return acc0.add(acc1).reduceLanes(VectorOperators.ADD) - 8 * offsets;
    }

    /**
     * Σnibble·a of one Q4_0 block in 16 int lanes: byte j holds element j (low nibble) and j + 16 (high).
     * Nibbles are 0..15, so low·a_j + high·a_{j+16} stays within ±3810 and is summed in 16-bit lanes.
     */
    private static FloatVector q4Block(MemorySegment w, long block, short[] quants, int q) {
        var packed = (ShortVector) ByteVector.fromMemorySegment(ByteVector.SPECIES_128, w, block + 2, LE)
                .convertShape(VectorOperators.B2S, S256, 0);
        var low = packed.lanewise(VectorOperators.AND, (short) 0x0f);
        var high = packed.lanewise(VectorOperators.LSHR, 4).lanewise(VectorOperators.AND, (short) 0x0f);
        var sum = low.mul(ShortVector.fromArray(S256, quants, q)).add(high.mul(ShortVector.fromArray(S256, quants, q + 16)));
        return (FloatVector) sum.convertShape(VectorOperators.S2F, F512, 0);
    }
}
