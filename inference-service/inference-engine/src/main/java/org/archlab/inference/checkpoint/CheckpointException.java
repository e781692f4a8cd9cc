package org.archlab.inference.checkpoint;

import java.nio.file.Path;

/** A checkpoint that cannot be used; the message names the file, the tensor if any, and what is wrong. */
public class CheckpointException extends RuntimeException {

    private final String problem;

    public CheckpointException(Path file, String message) {
        super(file + ": " + message);
        this.problem = message;
    }

    public CheckpointException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.problem = message;
    }

    /** What is wrong, without the file's path: what may be shown to callers who must not learn the server's disk. */
    public String problem() {
        return problem;
    }
}
