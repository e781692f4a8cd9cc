package org.archlab.inference.tokenizer;

/**
 * What a vocabulary entry is, with GGUF's numbering ({@code tokenizer.ggml.token_type}). Control and
 * unknown tokens are not text: they are matched only when special tokens are parsed and are left out of
 * decoded text. User-defined tokens are text that is always matched whole, before the model's own
 * tokenization.
 */
enum TokenType {
    UNDEFINED, NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE;

    static TokenType ofGguf(long code) {
        return code >= 1 && code <= 6 ? values()[(int) code] : UNDEFINED;
    }

    boolean isSpecial() {
        return this == CONTROL || this == UNKNOWN || this == USER_DEFINED;
    }

    /** Not text: skipped by decoding unless asked for. */
    boolean isControl() {
        return this == CONTROL || this == UNKNOWN;
    }
}
