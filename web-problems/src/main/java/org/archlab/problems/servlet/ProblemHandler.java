package org.archlab.problems.servlet;

import jakarta.servlet.http.HttpServletRequest;
import org.archlab.problems.ApiProblem;
import org.archlab.problems.Problems;
import org.archlab.problems.QuotedRequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;

/**
 * Answers every exception a Spring MVC controller (or the framework before it) throws with problem+json.
 * Ordered after advice a service gives some of its endpoints (the OpenAI API's own error format), before
 * Spring Boot's, which would answer in other shapes.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
public class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone() {
        // The client hung up mid-response: there is nobody to answer.
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> refuse(Exception e, HttpServletRequest request) {
        return answer(problemOf(e, request), request.getRequestURI(), request);
    }

    /** The problem+json answer to a request; for a service's own advice that turns its domain's exceptions into problems. */
    public static ResponseEntity<ProblemDetail> answer(ApiProblem problem, HttpServletRequest request) {
        return answer(problem, request.getRequestURI(), request);
    }

    static ResponseEntity<ProblemDetail> answer(ApiProblem problem, String path, HttpServletRequest request) {
        return ResponseEntity.status(problem.status()).headers(problem.headers()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.body(problem, path, QuotedRequestIds.quoted(request.getHeader(QuotedRequestIds.HEADER))));
    }

    /** The problem an exception stands for; a failure of the service itself is logged, with the request's path. */
    public static ApiProblem problemOf(Throwable e, HttpServletRequest request) {
        ApiProblem problem = Problems.of(e);
        if (Problems.isUnexpected(e, problem)) {
            log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
        }
        return problem;
    }
}
