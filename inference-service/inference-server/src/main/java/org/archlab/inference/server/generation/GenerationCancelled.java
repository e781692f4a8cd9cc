package org.archlab.inference.server.generation;

/** The client went away (or asked to stop) before the generation ended; nobody is left to answer. */
public final class GenerationCancelled extends RuntimeException {

    GenerationCancelled(String message, Throwable cause) {
        super(message, cause);
    }
}
