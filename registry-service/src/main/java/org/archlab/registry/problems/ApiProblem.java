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

    /** The JSON path of a mapping error, e.g. {@code attention.kvHeads} or {@code schedule.mixers[2]}; empty if unknown. */
    public static String pathOf(tools.jackson.core.JacksonException e) {
        if (!(e instanceof tools.jackson.databind.DatabindException d)) {
            return "";
        }
        var path = new StringBuilder();
        for (var reference : d.getPath()) {
            path.append(reference.getPropertyName() != null ? "." + reference.getPropertyName() : "[" + reference.getIndex() + "]");
        }
        return path.length() > 0 && path.charAt(0) == '.' ? path.substring(1) : path.toString();
    }

    /** One offending field: a JSON path into the request, or a query parameter name. */
    public record FieldError(String field, String message) {
    }
}
