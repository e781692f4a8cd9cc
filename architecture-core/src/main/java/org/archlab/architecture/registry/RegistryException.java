package org.archlab.architecture.registry;

/** The registry could not answer a {@link RegistryClient} request; {@link #reason()} says how it failed. */
public final class RegistryException extends RuntimeException {

    /** How a request to the registry failed. */
    public enum Reason {
        /** The registry has no such architecture or revision (404). */
        NOT_FOUND,
        /** No answer: connection refused, timed out or cut. */
        UNREACHABLE,
        /** An error status other than 404. */
        REFUSED,
        /** A 200 whose body is not what the API promises. */
        UNREADABLE
    }

    private final Reason reason;
    private final int status;

    RegistryException(Reason reason, int status, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.status = status;
    }

    public Reason reason() {
        return reason;
    }

    /** The HTTP status the registry answered with; 0 when it did not answer. */
    public int status() {
        return status;
    }

    /** Worth asking again later: no answer, or 408, 429 or a 5xx, which a registry that recovers stops sending. */
    public boolean retryable() {
        return reason == Reason.UNREACHABLE
                || reason == Reason.REFUSED && (status == 408 || status == 429 || status >= 500);
    }
}
