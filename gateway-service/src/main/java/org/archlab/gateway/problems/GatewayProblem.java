package org.archlab.gateway.problems;

import org.springframework.http.HttpStatus;

import java.time.Duration;
import java.util.List;

/**
 * A request the gateway answers itself instead of a service: the status, a machine-readable code, what went
 * wrong and, where it helps, the offending fields and when to try again. Rendered as RFC 9457 problem+json
 * by {@link ProblemResponses}, in the shape the services use.
 */
public record GatewayProblem(HttpStatus status, String code, String detail, List<FieldError> errors, Duration retryAfter) {

    public GatewayProblem {
        errors = List.copyOf(errors);
    }

    public static GatewayProblem of(HttpStatus status, String code, String detail) {
        return new GatewayProblem(status, code, detail, List.of(), null);
    }

    /** The same problem naming one offending field (a header, or the body). */
    public GatewayProblem field(String field, String message) {
        return new GatewayProblem(status, code, detail, List.of(new FieldError(field, message)), retryAfter);
    }

    public GatewayProblem retryAfter(Duration wait) {
        return new GatewayProblem(status, code, detail, errors, wait);
    }

    /** One offending part of the request. */
    public record FieldError(String field, String message) {
    }
}
