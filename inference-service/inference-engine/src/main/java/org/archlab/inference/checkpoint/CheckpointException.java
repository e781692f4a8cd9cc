package org.archlab.inference.checkpoint;

import java.nio.file.Path;

/** A checkpoint that cannot be used; the message names the file, the tensor if any, and what is wrong. */
public class CheckpointException extends RuntimeException {

    public CheckpointException(Path file, String message) {
        super(file + ": " + message);
    }

    public CheckpointException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
    }
}
