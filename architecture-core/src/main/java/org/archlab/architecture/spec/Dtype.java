package org.archlab.architecture.spec;

/**
 * Storage formats of weights and caches, with their block layout: a block of {@code blockElements}
 * values takes {@code blockBytes} bytes (Q8_0: 32 int8 values and an F16 scale = 34 bytes).
 */
public enum Dtype {
    F32(1, 4, false),
    F16(1, 2, false),
    BF16(1, 2, false),
    Q8_0(32, 34, true),
    Q4_0(32, 18, true);

    private final int blockElements;
    private final int blockBytes;
    private final boolean quantized;

    Dtype(int blockElements, int blockBytes, boolean quantized) {
        this.blockElements = blockElements;
        this.blockBytes = blockBytes;
        this.quantized = quantized;
    }

    public int blockElements() {
        return blockElements;
    }

    public int blockBytes() {
        return blockBytes;
    }

    public boolean quantized() {
        return quantized;
    }

    /** Bytes of one row of {@code elements} values; a quantized row is padded to whole blocks. */
    public long rowBytes(long elements) {
        long blocks = (elements + blockElements - 1) / blockElements;
        return blocks * blockBytes;
    }
}
