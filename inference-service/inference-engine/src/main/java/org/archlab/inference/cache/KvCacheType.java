package org.archlab.inference.cache;

import org.archlab.architecture.spec.Dtype;

import java.util.Arrays;
import java.util.Locale;

/**
 * The format attention layers keep their cached keys and values in. F32 keeps them as computed; F16 (IEEE half, what
 * llama.cpp keeps by default) and BF16 halve the bytes a decode step streams and a sequence holds, at a rounding of
 * every cached number. Recurrent (DeltaNet) states stay F32 whatever the type: they are rewritten every token, so a
 * rounding there would accumulate.
 */
public enum KvCacheType {
    F32(4),
    F16(2),
    BF16(2);

    private final int bytesPerValue;

    KvCacheType(int bytesPerValue) {
        this.bytesPerValue = bytesPerValue;
    }

    /** The type a name stands for, in any case; a name that is none fails naming the types there are. */
    public static KvCacheType of(String name) {
        String upper = name == null ? "" : name.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.name().equals(upper)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + name + "' is not a KV cache type; one of "
                        + Arrays.toString(values()) + ", in any case"));
    }

    public int bytesPerValue() {
        return bytesPerValue;
    }

    /** Whether values are kept in 16 bits ({@link LayerCache#keys16()}) rather than as floats ({@link LayerCache#keys()}). */
    public boolean halfWidth() {
        return bytesPerValue == 2;
    }

    /** The same format as the registry's analytics name it. */
    public Dtype dtype() {
        return Dtype.valueOf(name());
    }

    /** One float in this 16-bit format: IEEE half, or bfloat16 rounded to nearest even. */
    public short encode(float value) {
        return switch (this) {
            case F16 -> Float.floatToFloat16(value);
            case BF16 -> bfloat16(value);
            case F32 -> throw new IllegalStateException("F32 values are not encoded in 16 bits");
        };
    }

    /** The float a 16-bit value of this format stands for. */
    public float decode(short bits) {
        return switch (this) {
            case F16 -> Float.float16ToFloat(bits);
            case BF16 -> Float.intBitsToFloat(bits << 16);
            case F32 -> throw new IllegalStateException("F32 values are not encoded in 16 bits");
        };
    }

    private static short bfloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            // Keep a NaN a NaN: rounding could carry its mantissa into the exponent and make it infinite.
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }
}
