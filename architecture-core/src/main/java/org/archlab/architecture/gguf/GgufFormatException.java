package org.archlab.architecture.gguf;

/** A GGUF file that is damaged or not a GGUF file; the message names the file part and what is wrong. */
public class GgufFormatException extends RuntimeException {

    public GgufFormatException(String message) {
        super(message);
    }

    public GgufFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
