package org.archlab.inference.tokenizer;

import java.nio.file.Path;

/** A tokenizer that cannot be built; the message names the file and the metadata key or JSON field at fault. */
public class TokenizerException extends RuntimeException {

    private final String problem;

    public TokenizerException(Path source, String message) {
        super(source + ": " + message);
        this.problem = message;
    }

    public TokenizerException(Path source, String message, Throwable cause) {
        super(source + ": " + message, cause);
        this.problem = message;
    }

    /** What is wrong, without the file's path: what may be shown to callers who must not learn the server's disk. */
    public String problem() {
        return problem;
    }
}
