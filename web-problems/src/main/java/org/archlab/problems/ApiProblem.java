package org.archlab.problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A request a service refuses: the status, what went wrong, a machine-readable code, every offending field and,
 * when waiting helps, when to try again. Every service throws this one type; it is Spring's
 * {@link ErrorResponseException}, so its body is the RFC 9457 problem ({@code type}, {@code title},
 * {@code status}, {@code detail}, {@code code}, {@code errors[]}) that every service answers.
 */
public class ApiProblem extends ErrorResponseException {

    /** Every problem's {@code type} is this followed by its code, e.g. {@code urn:archlab:problem:unknown_field}. */
    public static final String TYPE_PREFIX = "urn:archlab:problem:";

    private final HttpStatus status;
    private final String detail;
    private final transient List<FieldError> errors;
    private final String code;
    private final transient Duration retryAfter;

    /**
     * @param code       machine-readable reason, e.g. {@code model_not_found}; null gives the status's ({@code bad_request})
     * @param retryAfter when to retry; null when retrying the same request cannot help
     */
    public ApiProblem(HttpStatus status, String detail, List<FieldError> errors, String code, Duration retryAfter) {
        super(status);
        this.status = status;
        this.detail = detail;
        this.errors = List.copyOf(errors);
        this.code = code != null ? code : Problems.codeOf(status);
        this.retryAfter = retryAfter;
        ProblemDetail body = getBody();
        // A type of its own per code (Spring leaves the default, about:blank, out of the JSON): clients may branch on either.
        body.setType(URI.create(TYPE_PREFIX + this.code));
        body.setTitle(status.getReasonPhrase());
        body.setDetail(detail);
        body.setProperty("code", this.code);
        if (!this.errors.isEmpty()) {
            body.setProperty("errors", this.errors);
        }
        if (retryAfter != null) {
            // Whole seconds, rounded up: a client that waits what it is told must not be refused again.
            getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
        }
    }

    public ApiProblem(HttpStatus status, String detail, List<FieldError> errors) {
        this(status, detail, errors, null, null);
    }

    public ApiProblem(HttpStatus status, String detail) {
        this(status, detail, List.of(), null, null);
    }

    /** A bad value in one field of the request. */
    public static ApiProblem field(HttpStatus status, String field, String message) {
        return field(status, field, message, null);
    }

    /** A bad value in one field, with a machine-readable code (OpenAI clients branch on it). */
    public static ApiProblem field(HttpStatus status, String field, String message, String code) {
        return new ApiProblem(status, field + ": " + message, List.of(new FieldError(field, message)), code, null);
    }

    /** A bad value in one field: 400. */
    public static ApiProblem field(String field, String message) {
        return field(HttpStatus.BAD_REQUEST, field, message);
    }

    /** Several bad fields at once, every one named: 400. */
    public static ApiProblem fields(String detail, List<FieldError> errors) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, detail, errors);
    }

    /** Something the request names does not exist: 404. */
    public static ApiProblem notFound(String what) {
        return new ApiProblem(HttpStatus.NOT_FOUND, what + " does not exist");
    }

    /** The service is busy; the caller should retry after the given time. */
    public static ApiProblem busy(HttpStatus status, String detail, String code, Duration retryAfter) {
        return new ApiProblem(status, detail, List.of(), code, retryAfter);
    }

    public HttpStatus status() {
        return status;
    }

    public String detail() {
        return detail;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Machine-readable reason, never null: the one given, or the status's name ({@code not_found}). */
    public String code() {
        return code;
    }

    /** When to retry; null when retrying the same request cannot help. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The headers that go with the refusal: Retry-After, in whole seconds, when waiting helps. */
    public HttpHeaders headers() {
        return getHeaders();
    }

    /** The first field named, for APIs that name one ({@code param} in OpenAI's errors); null if none. */
    public String firstField() {
        return errors.isEmpty() ? null : errors.getFirst().field();
    }

    @Override
    public String getMessage() {
        return detail;
    }

    /** One offending field: a JSON path into the request ({@code messages[2].role}), a query parameter or a header. */
    public record FieldError(String field, String message) {
    }
}
