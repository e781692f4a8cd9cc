package org.archlab.problems;

import java.io.IOException;

/** A request body past its limit; an I/O error, so that it surfaces wherever the body is read, and becomes 413. */
public final class BodyOverLimit extends IOException {

    private final long limit;

    public BodyOverLimit(long limit) {
        super("The request body is larger than the limit of " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
