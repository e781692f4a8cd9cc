package org.archlab.architecture.gguf;

import java.util.Optional;

/**
 * A GGUF file that is damaged, not a GGUF file, or asks for more than a header may cost; the message names
 * the file part and what is wrong, and {@link #part()} names that part alone where one is to blame.
 */
public class GgufFormatException extends RuntimeException {

    private final String part;

    public GgufFormatException(String message) {
        this(null, message, null);
    }

    public GgufFormatException(String message, Throwable cause) {
        this(null, message, cause);
    }

    /** @param part the header part at fault: a metadata key, {@code tensor count}, {@code tensor blk.0.attn_q.weight}, … */
    public GgufFormatException(String part, String message, Throwable cause) {
        super(message, cause);
        this.part = part;
    }

    /** The header part at fault, where the refusal concerns one. */
    public Optional<String> part() {
        return Optional.ofNullable(part);
    }
}
