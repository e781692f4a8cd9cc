package org.archlab.testsupport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** GGUF headers a hostile client sends, as the abuse probes of issue 16 sent them. */
public final class HostileGguf {

    private HostileGguf() {
    }

    /**
     * The probe's 117-byte upload: a GGUF v3 header with one metadata entry, {@code tokenizer.ggml.token_type}, an
     * int32 array that declares 16M elements (64 MiB) and holds 44 bytes of them.
     */
    public static byte[] sixteenMillionElementArray() {
        byte[] key = "tokenizer.ggml.token_type".getBytes(StandardCharsets.US_ASCII);
        var b = ByteBuffer.allocate(117).order(ByteOrder.LITTLE_ENDIAN)
                .put("GGUF".getBytes(StandardCharsets.US_ASCII)).putInt(3).putLong(0).putLong(1)
                .putLong(key.length).put(key).putInt(9).putInt(5).putLong(16L << 20);
        while (b.hasRemaining()) {
            b.put((byte) 1);
        }
        return b.array();
    }
}
