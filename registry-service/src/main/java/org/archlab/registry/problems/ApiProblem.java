package org.archlab.registry.problems;

import org.springframework.http.HttpStatus;

import java.util.List;

/**
 * A request the registry refuses, with the HTTP status and the offending fields; rendered as RFC 9457
 * problem+json by {@link ProblemResponses}.
 */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final transient List<FieldError> errors;

    public ApiProblem(HttpStatus status, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public ApiProblem(HttpStatus status, String detail) {
        this(status, detail, List.of());
    }

    public static ApiProblem field(HttpStatus status, String field, String message) {
        return new ApiProblem(status, field + ": " + message, List.of(new FieldError(field, message)));
    }

    public HttpStatus status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** One offending field: a JSON path into the request, or a query parameter name. */
    public record FieldError(String field, String message) {
    }
}
