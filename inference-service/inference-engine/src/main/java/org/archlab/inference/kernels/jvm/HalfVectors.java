package org.archlab.inference.kernels.jvm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.archlab.inference.cache.KvCacheType;

/**
 * Float lanes from 16-bit KV cache values (F16 or BF16), widened in registers so a half-width cache is read at half
 * the bytes and computed on in floats. A vector of {@link #F} floats comes from half as many bits of shorts.
 */
final class HalfVectors {

    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(F.vectorBitSize() / 2));
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());

    /** 2¹¹²: the difference between a float's exponent bias (127) and a half's (15). */
    private static final float HALF_EXPONENT_BIAS = 0x1p112f;

    private HalfVectors() {
    }

    /**
     * What the lanes of {@link #lanes} must be multiplied by to be the values: 2¹¹² for F16 (see {@link #f16Unscaled}),
     * 1 for BF16. Callers fold it into a factor they apply anyway.
     */
    static float scale(KvCacheType type) {
        return type == KvCacheType.F16 ? HALF_EXPONENT_BIAS : 1f;
    }

    /** {@code F.length()} values from {@code a[offset]}, as floats divided by {@link #scale}. */
    static FloatVector lanes(KvCacheType type, short[] a, int offset) {
        return type == KvCacheType.F16 ? f16Unscaled(a, offset) : bf16(a, offset);
    }

    /**
     * IEEE halves as floats divided by 2¹¹², in three operations: shifting the sign-extended half left by 13 puts its
     * exponent and mantissa where a float's go (the mask keeps the sign and drops the extension), short of the
     * exponent re-bias. Subnormal halves become float subnormals, which the JVM computes with exactly. Infinities and
     * NaNs come out finite near 2¹⁶; a cache holding them has overflowed already.
     */
    static FloatVector f16Unscaled(short[] a, int offset) {
        return ((IntVector) ShortVector.fromArray(S, a, offset).convertShape(VectorOperators.S2I, I, 0))
                .lanewise(VectorOperators.LSHL, 13).lanewise(VectorOperators.AND, 0x8fffe000)
                .reinterpretAsFloats();
    }

    /** BF16 values as floats, exactly: a bfloat16 is the upper half of a float's bits. */
    static FloatVector bf16(short[] a, int offset) {
        return ((IntVector) ShortVector.fromArray(S, a, offset).convertShape(VectorOperators.S2I, I, 0))
                .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    /** Σ a[i]·b[i] over {@code n} floats of {@code a} and 16-bit values of {@code b}. */
    static float dot(float[] a, int aOffset, short[] b, int bOffset, int n, KvCacheType type) {
        var acc = FloatVector.zero(F);
        int i = 0;
        int upper = F.loopBound(n);
        if (type == KvCacheType.F16) {
            for (; i < upper; i += F.length()) {
                acc = f16Unscaled(b, bOffset + i).fma(FloatVector.fromArray(F, a, aOffset + i), acc);
            }
        } else {
            for (; i < upper; i += F.length()) {
                acc = bf16(b, bOffset + i).fma(FloatVector.fromArray(F, a, aOffset + i), acc);
            }
        }
        float sum = acc.reduceLanes(VectorOperators.ADD) * scale(type);
        for (; i < n; i++) {
            sum += a[aOffset + i] * type.decode(b[bOffset + i]);
        }
        return sum;
    }
}
