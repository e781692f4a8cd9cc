package org.archlab.benchmark.workers;

/** A failure worth trying again after a pause: a service busy (429, 503), erroring (5xx) or unreachable. */
class TransientFailure extends RuntimeException {

    TransientFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
