package org.archlab.problems.servlet;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.archlab.problems.ApiProblem;
import org.archlab.problems.Problems;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page: what fails outside Spring MVC's handlers (a filter, the container's own
 * refusals) is answered with problem+json too, never with an HTML page or Spring Boot's {@code timestamp} body.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object thrown = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        ApiProblem problem = thrown instanceof Throwable e ? ProblemHandler.problemOf(e, request)
                : Problems.ofStatus(status instanceof Integer code ? code : 500);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return ProblemHandler.answer(problem, uri instanceof String path ? path : null, request);
    }
}
