package org.archlab.architecture.spec;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

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

    /** The dtype a name stands for, in any case ({@code q8_0} as llama.cpp writes it, {@code Q8_0}); empty if none. */
    public static Optional<Dtype> named(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String upper = name.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(d -> d.name().equals(upper)).findFirst();
    }

    /** The dtype a name stands for, in any case; how specs and request parameters read one. */
    @JsonCreator
    public static Dtype of(String name) {
        return named(name).orElseThrow(() -> new IllegalArgumentException(
                "'" + name + "' is not a dtype; one of " + Arrays.toString(values()) + ", in any case"));
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
