package org.archlab.inference.tensor;

import java.util.Arrays;
import java.util.Optional;

/**
 * The weight formats the engine reads, with their ggml type ids and block layouts: {@code blockElements}
 * values take {@code blockBytes} bytes (Q8_0: an F16 scale and 32 int8 values; Q4_0: an F16 scale and
 * 32 four-bit values).
 */
public enum GgmlType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 18),
    Q8_0(8, 32, 34),
    BF16(30, 1, 2);

    private final int id;
    private final int blockElements;
    private final int blockBytes;

    GgmlType(int id, int blockElements, int blockBytes) {
        this.id = id;
        this.blockElements = blockElements;
        this.blockBytes = blockBytes;
    }

    public static Optional<GgmlType> byId(int id) {
        return Arrays.stream(values()).filter(t -> t.id == id).findFirst();
    }

    public int id() {
        return id;
    }

    public int blockElements() {
        return blockElements;
    }

    public int blockBytes() {
        return blockBytes;
    }

    /** Bytes of a row of {@code elements} values; quantized rows must be whole blocks. */
    public long rowBytes(long elements) {
        if (elements % blockElements != 0) {
            throw new IllegalArgumentException(this + " rows must be a multiple of " + blockElements + " values, not " + elements);
        }
        return Math.multiplyExact(elements / blockElements, (long) blockBytes);
    }
}
