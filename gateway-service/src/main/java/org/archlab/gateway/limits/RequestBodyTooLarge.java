package org.archlab.gateway.limits;

import org.springframework.util.unit.DataSize;

/** A request body over its route's limit; the gateway answers 413 and the circuit breaker does not count it. */
public class RequestBodyTooLarge extends RuntimeException {

    private final transient DataSize limit;

    RequestBodyTooLarge(DataSize limit) {
        super("The request body is larger than " + limit.toBytes() + " bytes, the most this path accepts", null, false, false);
        this.limit = limit;
    }

    public DataSize limit() {
        return limit;
    }
}
