package org.archlab.inference.server.problems;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

import java.util.List;
import java.util.Optional;

/**
 * Turns what Spring MVC throws before a controller runs (unreadable JSON, a body over the limit, a bad
 * parameter), and anything unexpected, into {@link ApiProblem}s, so both error formats describe them the same way.
 */
public final class RequestProblems {

    private static final Logger log = LoggerFactory.getLogger(RequestProblems.class);

    private RequestProblems() {
    }

    /** The problem an exception stands for; one that is not the caller's fault is logged and becomes a 500. */
    public static ApiProblem of(Exception e) {
        return callersFault(e).orElseGet(() -> {
            log.error("request failed", e);
            return new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR, "internal error: " + e.getMessage(), List.of(), null, null);
        });
    }

    private static Optional<ApiProblem> callersFault(Exception e) {
        if (e instanceof ApiProblem problem) {
            return Optional.of(problem);
        }
        RequestBodyTooLarge tooLarge = causeOf(e, RequestBodyTooLarge.class);
        if (tooLarge != null) {
            return Optional.of(new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage(),
                    List.of(new ApiProblem.FieldError("body", tooLarge.getMessage())), "request_too_large", null));
        }
        return switch (e) {
            case HttpMessageNotReadableException unreadable -> Optional.of(malformed(unreadable));
            case MissingServletRequestParameterException missing ->
                    Optional.of(ApiProblem.field(HttpStatus.BAD_REQUEST, missing.getParameterName(), "is required"));
            case MethodArgumentTypeMismatchException mismatch ->
                    Optional.of(ApiProblem.field(HttpStatus.BAD_REQUEST, mismatch.getName(), "invalid value " + mismatch.getValue()));
            case HttpMediaTypeNotSupportedException media -> Optional.of(new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "send the body as application/json (was " + media.getContentType() + ")", List.of(), null, null));
            case HttpRequestMethodNotSupportedException method -> Optional.of(new ApiProblem(HttpStatus.METHOD_NOT_ALLOWED,
                    method.getMessage(), List.of(), null, null));
            case NoResourceFoundException missing -> Optional.of(new ApiProblem(HttpStatus.NOT_FOUND,
                    "no such endpoint: " + missing.getResourcePath(), List.of(), null, null));
            default -> Optional.empty();
        };
    }

    private static ApiProblem malformed(HttpMessageNotReadableException e) {
        JacksonException json = causeOf(e, JacksonException.class);
        if (json == null) {
            return ApiProblem.field(HttpStatus.BAD_REQUEST, "body", "is missing or unreadable");
        }
        String path = json instanceof DatabindException bind ? pathOf(bind) : "";
        String field = path.isEmpty() ? "body" : path;
        return new ApiProblem(HttpStatus.BAD_REQUEST, "Malformed JSON: " + json.getOriginalMessage(),
                List.of(new ApiProblem.FieldError(field, json.getOriginalMessage())), null, null);
    }

    /** The JSON path of a mapping error, e.g. {@code messages[2].role}. */
    private static String pathOf(DatabindException e) {
        var path = new StringBuilder();
        for (var reference : e.getPath()) {
            path.append(reference.getPropertyName() != null ? "." + reference.getPropertyName() : "[" + reference.getIndex() + "]");
        }
        return path.length() > 0 && path.charAt(0) == '.' ? path.substring(1) : path.toString();
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
