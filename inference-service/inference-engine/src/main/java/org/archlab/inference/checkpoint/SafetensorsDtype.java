package org.archlab.inference.checkpoint;

import org.archlab.inference.tensor.GgmlType;

import java.util.Arrays;
import java.util.Optional;

/**
 * The element types a safetensors header may name, with their widths in bits, so that every tensor's
 * size can be checked; only F32, F16 and BF16 are weight formats the engine reads.
 */
enum SafetensorsDtype {
    BOOL(8), U8(8), I8(8), F8_E5M2(8), F8_E4M3(8), F8_E8M0(8), F4(4), F6_E2M3(6), F6_E3M2(6),
    I16(16), U16(16), F16(16, GgmlType.F16), BF16(16, GgmlType.BF16),
    I32(32), U32(32), F32(32, GgmlType.F32), F64(64), I64(64), U64(64), C64(64);

    private final int bits;
    private final GgmlType engineType;

    SafetensorsDtype(int bits) {
        this(bits, null);
    }

    SafetensorsDtype(int bits, GgmlType engineType) {
        this.bits = bits;
        this.engineType = engineType;
    }

    static Optional<SafetensorsDtype> named(String name) {
        return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst();
    }

    /** The engine's format for this dtype, if the engine can compute with it. */
    Optional<GgmlType> engineType() {
        return Optional.ofNullable(engineType);
    }

    /** Bytes of {@code elements} values; fails on overflow and on sub-byte types that end mid-byte. */
    long bytes(long elements) {
        long totalBits = Math.multiplyExact(elements, (long) bits);
        if (totalBits % 8 != 0) {
            throw new ArithmeticException(elements + " values of " + bits + " bits do not fill whole bytes");
        }
        return totalBits / 8;
    }
}
