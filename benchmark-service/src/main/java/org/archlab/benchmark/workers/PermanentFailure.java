package org.archlab.benchmark.workers;

/** A failure that trying again cannot fix: the task goes straight to the dead-letter topic and is FAILED. */
class PermanentFailure extends RuntimeException {

    PermanentFailure(String message) {
        super(message);
    }

    PermanentFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
