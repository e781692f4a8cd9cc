package org.archlab.inference.server.problems;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;

import java.util.List;

/**
 * The platform API's error format: RFC 9457 problem+json with an {@code errors} list naming the offending
 * fields, and Retry-After when waiting helps, for every endpoint but the OpenAI ones (their advice is ordered first).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class ProblemResponses {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone() {
        // The client hung up mid-response: there is nobody to answer.
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> refuse(Exception e) {
        ApiProblem problem = RequestProblems.of(e).orElseGet(() -> {
            log.error("request failed", e);
            return new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR, "internal error: " + e.getMessage(), List.of(), null, null);
        });
        var body = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
        body.setTitle(problem.status().getReasonPhrase());
        if (!problem.errors().isEmpty()) {
            body.setProperty("errors", problem.errors());
        }
        if (problem.code() != null) {
            body.setProperty("code", problem.code());
        }
        var response = ResponseEntity.status(problem.status());
        if (problem.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, problem.retryAfterSeconds());
        }
        return response.body(body);
    }
}
