package org.archlab.inference.server.problems;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;

/**
 * The platform API's error format: RFC 9457 problem+json with an {@code errors} list naming the offending
 * fields, and Retry-After when waiting helps, for every endpoint but the OpenAI ones (their advice is ordered first).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class ProblemResponses {

    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone() {
        // The client hung up mid-response: there is nobody to answer.
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> refuse(Exception e) {
        ApiProblem problem = RequestProblems.of(e);
        var body = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
        body.setTitle(problem.status().getReasonPhrase());
        if (!problem.errors().isEmpty()) {
            body.setProperty("errors", problem.errors());
        }
        if (problem.code() != null) {
            body.setProperty("code", problem.code());
        }
        return ResponseEntity.status(problem.status()).headers(problem.headers()).body(body);
    }
}
