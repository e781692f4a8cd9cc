package org.archlab.benchmark.problems;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.databind.DatabindException;

import java.util.List;

/**
 * The platform's one error format: problem+json whose {@code errors} list names each offending field.
 * Ordered first so it, not Spring Boot's generic problem handler, answers unreadable bodies and parameters.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemResponses {

    @ExceptionHandler(ApiProblem.class)
    ProblemDetail refused(ApiProblem problem) {
        return problem(problem.status(), problem.getMessage(), problem.errors());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        String field = e.getCause() instanceof DatabindException json ? pathOf(json) : "";
        String message = e.getCause() instanceof DatabindException json ? json.getOriginalMessage() : "missing or not JSON";
        return problem(HttpStatus.BAD_REQUEST, "The request body cannot be read: " + message,
                List.of(new ApiProblem.FieldError(field.isEmpty() ? "body" : field, message)));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ProblemDetail missing(MissingServletRequestParameterException e) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage(), List.of(new ApiProblem.FieldError(e.getParameterName(), "is required")));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail mistyped(MethodArgumentTypeMismatchException e) {
        return problem(HttpStatus.BAD_REQUEST, "Parameter " + e.getName() + " cannot be " + e.getValue(),
                List.of(new ApiProblem.FieldError(e.getName(), "invalid value " + e.getValue())));
    }

    private static String pathOf(DatabindException e) {
        var path = new StringBuilder();
        for (var step : e.getPath()) {
            if (step.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(step.getPropertyName());
            } else {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static ProblemDetail problem(HttpStatus status, String detail, List<ApiProblem.FieldError> errors) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }
}
