package org.archlab.benchmark.problems;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.util.List;

/**
 * A request the benchmark service refuses, carried as Spring's {@link ErrorResponseException} so that
 * MVC renders it as RFC 9457 problem+json; its {@code errors} list names every offending field.
 */
public class ApiProblem extends ErrorResponseException {

    private final transient List<FieldError> errors;

    public ApiProblem(HttpStatus status, String detail, List<FieldError> errors) {
        super(status, body(status, detail, errors), null);
        this.errors = List.copyOf(errors);
    }

    public static ApiProblem field(String field, String message) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, field + " " + message, List.of(new FieldError(field, message)));
    }

    public static ApiProblem notFound(String what) {
        return new ApiProblem(HttpStatus.NOT_FOUND, what + " does not exist", List.of());
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** The problem+json body: status, title, detail and, when there are any, the offending fields. */
    static ProblemDetail body(HttpStatus status, String detail, List<FieldError> errors) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }

    /** One offending field: a JSON path into the request body, or a query parameter name. */
    public record FieldError(String field, String message) {
    }
}
