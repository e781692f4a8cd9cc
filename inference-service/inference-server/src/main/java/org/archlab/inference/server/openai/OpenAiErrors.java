package org.archlab.inference.server.openai;

import jakarta.servlet.http.HttpServletRequest;
import org.archlab.inference.server.generation.GenerationCancelled;
import org.archlab.problems.ApiProblem;
import org.archlab.problems.servlet.ProblemHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;

/**
 * Refusals on the OpenAI-compatible endpoints in OpenAI's own shape, {@code {"error": {message, type, param, code}}},
 * so OpenAI clients raise their usual exceptions: the same {@link ApiProblem} (message = detail, param = the first
 * field, code = code) that is problem+json on every other endpoint.
 */
@RestControllerAdvice(basePackageClasses = OpenAiErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class OpenAiErrors {

    /** What nginx logs for a request its client closed before the answer: no status was ever sent. */
    private static final int CLIENT_CLOSED_REQUEST = 499;
    private static final Logger log = LoggerFactory.getLogger(OpenAiErrors.class);

    /** OpenAI's error object. */
    record ErrorBody(Error error) {
    }

    record Error(String message, String type, String param, String code) {
    }

    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone() {
        // The client hung up mid-response: there is nobody to answer.
    }

    /** A completion whose client closed the connection: stopped, and logged as abandoned rather than answered. */
    @ExceptionHandler(GenerationCancelled.class)
    ResponseEntity<Void> abandoned(GenerationCancelled e, HttpServletRequest request) {
        log.info("{} {} abandoned ({}, client closed the connection): {}", request.getMethod(), request.getRequestURI(),
                CLIENT_CLOSED_REQUEST, e.getMessage());
        return ResponseEntity.status(CLIENT_CLOSED_REQUEST).build();
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> refuse(Exception e, HttpServletRequest request) {
        ApiProblem problem = ProblemHandler.problemOf(e, request);
        return ResponseEntity.status(problem.status()).headers(problem.headers()).contentType(MediaType.APPLICATION_JSON)
                .body(body(problem));
    }

    static ErrorBody body(ApiProblem problem) {
        return new ErrorBody(new Error(problem.detail(), type(problem.status()), problem.firstField(), problem.code()));
    }

    /** OpenAI's error types by status (an unknown model, too, is an {@code invalid_request_error}, code {@code model_not_found}). */
    private static String type(HttpStatus status) {
        return switch (status) {
            case TOO_MANY_REQUESTS -> "rate_limit_error";
            case SERVICE_UNAVAILABLE -> "server_overloaded";
            default -> status.is5xxServerError() ? "server_error" : "invalid_request_error";
        };
    }
}
