package org.archlab.registry.problems;

import org.archlab.architecture.gguf.GgufFormatException;
import org.archlab.architecture.hf.HfConfigException;
import org.archlab.architecture.validation.InvalidSpecException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;

import java.util.List;

/** Turns every refusal into problem+json with an {@code errors} list naming the offending fields. */
@RestControllerAdvice
class ProblemResponses {

    @ExceptionHandler(ApiProblem.class)
    ProblemDetail apiProblem(ApiProblem problem) {
        return problem(problem.status(), problem.getMessage(), problem.errors());
    }

    @ExceptionHandler(InvalidSpecException.class)
    ProblemDetail invalidSpec(InvalidSpecException e) {
        var errors = e.violations().stream().map(v -> new ApiProblem.FieldError("spec." + v.field(), v.message())).toList();
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "The spec does not describe a possible model", errors);
    }

    @ExceptionHandler(HfConfigException.class)
    ProblemDetail hfConfig(HfConfigException e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "The config.json cannot be imported: " + e.getMessage(),
                List.of(new ApiProblem.FieldError(e.key(), e.getMessage())));
    }

    /** A damaged header, or one that asks for more than an import may cost: the error names the header part at fault. */
    @ExceptionHandler(GgufFormatException.class)
    ProblemDetail gguf(GgufFormatException e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "The GGUF header cannot be imported: " + e.getMessage(),
                List.of(new ApiProblem.FieldError(e.part().orElse("body"), e.getMessage())));
    }

    @ExceptionHandler(JacksonException.class)
    ProblemDetail json(JacksonException e) {
        return malformed(e);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        return e.getCause() instanceof JacksonException json ? malformed(json)
                : problem(HttpStatus.BAD_REQUEST, "The request body is missing or unreadable", List.of(new ApiProblem.FieldError("body", "unreadable")));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ProblemDetail missingParameter(MissingServletRequestParameterException e) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage(), List.of(new ApiProblem.FieldError(e.getParameterName(), "is required")));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail badParameter(MethodArgumentTypeMismatchException e) {
        return problem(HttpStatus.BAD_REQUEST, "Parameter " + e.getName() + " has an invalid value: " + e.getValue(),
                List.of(new ApiProblem.FieldError(e.getName(), "invalid value " + e.getValue())));
    }

    private static ProblemDetail malformed(JacksonException e) {
        String path = ApiProblem.pathOf(e);
        if (path.isEmpty()) {
            path = "body";
        }
        return problem(HttpStatus.BAD_REQUEST, "Malformed JSON: " + e.getOriginalMessage(),
                List.of(new ApiProblem.FieldError(path, e.getOriginalMessage())));
    }

    static ProblemDetail problem(HttpStatus status, String detail, List<ApiProblem.FieldError> errors) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }
}
