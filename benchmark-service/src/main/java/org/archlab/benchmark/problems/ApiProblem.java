package org.archlab.benchmark.problems;

import org.springframework.http.HttpStatus;

import java.util.List;

/**
 * A request the benchmark service refuses: the HTTP status and every offending field, rendered as
 * RFC 9457 problem+json with an {@code errors} list by {@link ProblemResponses}.
 */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final transient List<FieldError> errors;

    public ApiProblem(HttpStatus status, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public static ApiProblem field(String field, String message) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, field + " " + message, List.of(new FieldError(field, message)));
    }

    public static ApiProblem notFound(String what) {
        return new ApiProblem(HttpStatus.NOT_FOUND, what + " does not exist", List.of());
    }

    public HttpStatus status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** One offending field: a JSON path into the request body, or a query parameter name. */
    public record FieldError(String field, String message) {
    }
}
