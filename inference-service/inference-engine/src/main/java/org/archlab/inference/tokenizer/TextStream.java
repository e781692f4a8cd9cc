package org.archlab.inference.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns generated tokens into text as they come. A token may end inside a UTF-8 character (byte-level
 * vocabularies split emoji and CJK characters over several tokens); those bytes are held back until the
 * character is complete, so every returned chunk is whole text. Control tokens add nothing. Not
 * thread-safe: one stream per generation.
 */
public final class TextStream {

    private final Tokenizer tokenizer;
    private byte[] pending = new byte[0];

    public TextStream(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** The text this token completes; empty while a character is still split. */
    public String append(int id) {
        if (tokenizer.isControl(id)) {
            return "";
        }
        byte[] piece = tokenizer.tokenBytes(id);
        byte[] bytes = Arrays.copyOf(pending, pending.length + piece.length);
        System.arraycopy(piece, 0, bytes, pending.length, piece.length);
        int complete = completeLength(bytes);
        pending = Arrays.copyOfRange(bytes, complete, bytes.length);
        return new String(bytes, 0, complete, StandardCharsets.UTF_8);
    }

    /** What is still held back, as text (an unfinished character becomes U+FFFD); the stream is empty afterwards. */
    public String finish() {
        String rest = new String(pending, StandardCharsets.UTF_8);
        pending = new byte[0];
        return rest;
    }

    /** Length of the prefix that holds no unfinished character at its end. */
    private static int completeLength(byte[] bytes) {
        int end = bytes.length;
        for (int i = end - 1; i >= Math.max(0, end - 4); i--) {
            int b = bytes[i] & 0xff;
            if ((b & 0xC0) == 0x80) {
                continue;
            }
            int expected = b >= 0xF0 && b <= 0xF7 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return b >= 0xF8 || end - i >= expected ? end : i;
        }
        return end;
    }
}
