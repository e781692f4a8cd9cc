package org.archlab.inference.server.problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import java.time.Duration;
import java.util.List;

/**
 * A request the service refuses: the status, what went wrong, the offending fields, a machine-readable
 * code and, for overload, when to try again. Every endpoint throws this one type; the platform API renders
 * it as problem+json ({@link ProblemResponses}), the OpenAI API as OpenAI's error object.
 *
 * @see FieldError
 */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final transient List<FieldError> errors;
    private final String code;
    private final transient Duration retryAfter;

    public ApiProblem(HttpStatus status, String detail, List<FieldError> errors, String code, Duration retryAfter) {
        super(detail);
        this.status = status;
        this.errors = List.copyOf(errors);
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /** A bad value in one field of the request. */
    public static ApiProblem field(HttpStatus status, String field, String message) {
        return new ApiProblem(status, field + ": " + message, List.of(new FieldError(field, message)), null, null);
    }

    /** A bad value in one field, with a machine-readable code (OpenAI clients branch on it). */
    public static ApiProblem field(HttpStatus status, String field, String message, String code) {
        return new ApiProblem(status, field + ": " + message, List.of(new FieldError(field, message)), code, null);
    }

    /** The service is busy; the caller should retry after the given time. */
    public static ApiProblem busy(HttpStatus status, String detail, String code, Duration retryAfter) {
        return new ApiProblem(status, detail, List.of(), code, retryAfter);
    }

    public HttpStatus status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Machine-readable reason, e.g. {@code model_not_found}; null when the status says enough. */
    public String code() {
        return code;
    }

    /** When to retry; null when retrying the same request cannot help. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The headers that go with the refusal: Retry-After, in whole seconds (at least one), when waiting helps. */
    public HttpHeaders headers() {
        var headers = new HttpHeaders();
        if (retryAfter != null) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
        }
        return headers;
    }

    /** The first field named, for APIs that name one ({@code param} in OpenAI's errors). */
    public String firstField() {
        return errors.isEmpty() ? null : errors.getFirst().field();
    }

    /** One offending field: a JSON path into the request, or a query parameter name. */
    public record FieldError(String field, String message) {
    }
}
