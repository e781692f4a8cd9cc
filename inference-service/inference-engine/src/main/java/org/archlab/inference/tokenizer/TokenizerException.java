package org.archlab.inference.tokenizer;

import java.nio.file.Path;

/** A tokenizer that cannot be built; the message names the file and the metadata key or JSON field at fault. */
public class TokenizerException extends RuntimeException {

    public TokenizerException(Path source, String message) {
        super(source + ": " + message);
    }

    public TokenizerException(Path source, String message, Throwable cause) {
        super(source + ": " + message, cause);
    }
}
