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
import java.util.stream.Collectors;

/**
 * Gives the refusals Spring raises itself (unreadable body, missing or mistyped parameter) the same
 * {@code errors} list as {@link ApiProblem}. Ordered first, so it answers before Spring Boot's generic
 * problem handler, which still renders every {@link ApiProblem}.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemResponses {

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        if (!(e.getCause() instanceof DatabindException json)) {
            return refused("The request body is missing or not JSON", "body", "missing or not JSON");
        }
        String field = json.getPath().stream()
                .map(step -> step.getPropertyName() != null ? "." + step.getPropertyName() : "[" + step.getIndex() + "]")
                .collect(Collectors.joining()).replaceFirst("^\\.", "");
        return refused("The request body cannot be read: " + json.getOriginalMessage(), field.isEmpty() ? "body" : field,
                json.getOriginalMessage());
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ProblemDetail missing(MissingServletRequestParameterException e) {
        return refused(e.getMessage(), e.getParameterName(), "is required");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail mistyped(MethodArgumentTypeMismatchException e) {
        return refused("Parameter " + e.getName() + " cannot be " + e.getValue(), e.getName(), "invalid value " + e.getValue());
    }

    private static ProblemDetail refused(String detail, String field, String message) {
        return ApiProblem.body(HttpStatus.BAD_REQUEST, detail, List.of(new ApiProblem.FieldError(field, message)));
    }
}
