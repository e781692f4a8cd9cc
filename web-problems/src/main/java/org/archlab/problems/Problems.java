package org.archlab.problems;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What every service's handlers share: the {@link ApiProblem} an exception stands for (what the web framework
 * throws before a controller runs included) and the problem+json body it is answered with. Framework-neutral:
 * the MVC and the WebFlux handlers both call it.
 */
public final class Problems {

    /** The detail of every 5xx that is not a deliberate refusal: exception text can leak internals, so none is sent. */
    public static final String INTERNAL_DETAIL = "The service failed to handle the request; quote the requestId when you report it";

    private static final Set<Class<?>> INTEGRAL = Set.of(int.class, Integer.class, long.class, Long.class, short.class,
            Short.class, byte.class, Byte.class, java.math.BigInteger.class);

    private Problems() {
    }

    /** The stable code of a status when no better one is given: its name in lower case ({@code content_too_large}). */
    public static String codeOf(HttpStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The problem an exception stands for. Whatever is not the caller's fault becomes a 500 with
     * {@link #INTERNAL_DETAIL}; see {@link #isUnexpected} to decide whether to log it.
     */
    public static ApiProblem of(Throwable e) {
        if (e instanceof ApiProblem problem) {
            return problem;
        }
        BodyOverLimit tooLarge = causeOf(e, BodyOverLimit.class);
        if (tooLarge != null) {
            return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage(),
                    List.of(new ApiProblem.FieldError("body", "is larger than " + tooLarge.limit() + " bytes")), "request_too_large", null);
        }
        JacksonException json = causeOf(e, JacksonException.class);
        if (json != null && (e instanceof HttpMessageNotReadableException || e == json)) {
            return json(json);
        }
        return switch (e) {
            case HttpMessageNotReadableException _ -> new ApiProblem(HttpStatus.BAD_REQUEST, "The request body is missing or not JSON",
                    List.of(new ApiProblem.FieldError("body", "is missing or not JSON")), "malformed_json", null);
            case MissingServletRequestParameterException missing ->
                    ApiProblem.field(HttpStatus.BAD_REQUEST, missing.getParameterName(), "is required", "missing_parameter");
            case MissingRequestHeaderException missing ->
                    ApiProblem.field(HttpStatus.BAD_REQUEST, missing.getHeaderName(), "is required", "missing_header");
            case MethodArgumentTypeMismatchException mismatch -> ApiProblem.field(HttpStatus.BAD_REQUEST, mismatch.getName(),
                    "invalid value '" + mismatch.getValue() + "'", "invalid_parameter");
            case TypeMismatchException mismatch -> ApiProblem.field(HttpStatus.BAD_REQUEST, String.valueOf(mismatch.getPropertyName()),
                    "invalid value '" + mismatch.getValue() + "'", "invalid_parameter");
            case HttpMediaTypeNotSupportedException media -> new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Send the body as application/json (was " + media.getContentType() + ")", List.of(), "unsupported_media_type", null);
            case HttpRequestMethodNotSupportedException method -> new ApiProblem(HttpStatus.METHOD_NOT_ALLOWED,
                    method.getMethod() + " is not allowed here; allowed: " + method.getSupportedHttpMethods(), List.of(), null, null);
            case ErrorResponse framework when framework.getStatusCode().is4xxClientError() -> fromFramework(framework.getStatusCode());
            // The framework's own 5xx (an async request timed out: 503) keeps its status, not its text.
            case ErrorResponse framework when HttpStatus.resolve(framework.getStatusCode().value()) instanceof HttpStatus status ->
                    new ApiProblem(status, INTERNAL_DETAIL, List.of(), null, null);
            default -> internal();
        };
    }

    /** Whether a problem hides a failure of the service itself, one that the handler should log with its stack trace. */
    public static boolean isUnexpected(Throwable e, ApiProblem problem) {
        return problem != e && problem.status().is5xxServerError();
    }

    /** A 5xx without exception text. */
    public static ApiProblem internal() {
        return new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR, INTERNAL_DETAIL, List.of(), "internal_error", null);
    }

    /** The problem for an error status that arrived without an exception (a servlet container's own 404 or 400). */
    public static ApiProblem ofStatus(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        if (known == null || known.is5xxServerError()) {
            return internal();
        }
        return fromFramework(known);
    }

    private static ApiProblem fromFramework(HttpStatusCode code) {
        HttpStatus status = HttpStatus.valueOf(code.value());
        String detail = switch (status) {
            case NOT_FOUND -> "No endpoint serves this path";
            case METHOD_NOT_ALLOWED -> "This method is not allowed here";
            case NOT_ACCEPTABLE -> "The service cannot answer in the media type the request accepts";
            case URI_TOO_LONG -> "The request target is too long";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "The request headers are too large";
            case BAD_REQUEST -> "The request is malformed";
            default -> status.getReasonPhrase();
        };
        return new ApiProblem(status, detail);
    }

    /** The problem+json body of a problem answered to a request: the problem's fields, the path and the request id. */
    public static ProblemDetail body(ApiProblem problem, String instance, String requestId) {
        ProblemDetail body = problem.getBody();
        if (instance != null) {
            body.setInstance(java.net.URI.create(instance.replaceAll("[^A-Za-z0-9/._~:@!$&'()*+,;=%-]", "")));
        }
        if (requestId != null) {
            body.setProperty("requestId", requestId);
        }
        return body;
    }

    private static ApiProblem json(JacksonException e) {
        return json(e, "");
    }

    /**
     * The problem of a JSON document that cannot be read, for a document found under {@code under} in the request
     * (a spec inside a body: {@code spec}); the field named is the path from the request's root.
     */
    public static ApiProblem json(JacksonException e, String under) {
        String path = jsonPath(e);
        String field = under.isEmpty() ? (path.isEmpty() ? "body" : path)
                : path.isEmpty() ? under : path.startsWith("[") ? under + path : under + "." + path;
        String message;
        String code;
        if (e instanceof UnrecognizedPropertyException) {
            message = "is not a field of this request";
            code = "unknown_field";
        } else if (e instanceof StreamReadException && e.getOriginalMessage().startsWith("Duplicate")) {
            message = "appears more than once";
            code = "duplicate_key";
        } else if (e instanceof MismatchedInputException mismatch && INTEGRAL.contains(mismatch.getTargetType())) {
            message = "must be an integer";
            code = "invalid_value";
        } else if (e instanceof MismatchedInputException) {
            message = firstLine(e.getOriginalMessage());
            code = "invalid_value";
        } else {
            message = "is not valid JSON: " + firstLine(e.getOriginalMessage());
            code = "malformed_json";
        }
        return new ApiProblem(HttpStatus.BAD_REQUEST, "The request body cannot be read: " + field + " " + message,
                List.of(new ApiProblem.FieldError(field, message)), code, null);
    }

    /**
     * The JSON path a mapping or parsing error points at, e.g. {@code attention.kvHeads} or {@code messages[2].role};
     * empty when it points at the whole document.
     */
    public static String jsonPath(JacksonException e) {
        var path = new StringBuilder();
        if (!e.getPath().isEmpty()) {
            for (var reference : e.getPath()) {
                path.append(reference.getPropertyName() != null ? "." + reference.getPropertyName() : "[" + reference.getIndex() + "]");
            }
        } else if (e.processor() instanceof JsonParser parser) {
            var steps = new ArrayDeque<String>();
            for (TokenStreamContext context = parser.streamReadContext(); context != null && !context.inRoot(); context = context.getParent()) {
                if (context.inArray()) {
                    steps.push("[" + context.getCurrentIndex() + "]");
                } else if (context.currentName() != null) {
                    steps.push("." + context.currentName());
                }
            }
            steps.forEach(path::append);
        }
        return path.length() > 0 && path.charAt(0) == '.' ? path.substring(1) : path.toString();
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /** The first exception of a type in a cause chain, or null. */
    public static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
