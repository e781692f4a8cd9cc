package org.archlab.registry;

import jakarta.servlet.http.HttpServletRequest;
import org.archlab.architecture.gguf.GgufFormatException;
import org.archlab.architecture.hf.HfConfigException;
import org.archlab.architecture.validation.InvalidSpecException;
import org.archlab.problems.ApiProblem;
import org.archlab.problems.servlet.ProblemHandler;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.List;

/** The registry's domain refusals (impossible specs, configs and GGUF headers that cannot be imported) as problems. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class SpecProblems {

    @ExceptionHandler(InvalidSpecException.class)
    ResponseEntity<ProblemDetail> invalidSpec(InvalidSpecException e, HttpServletRequest request) {
        var errors = e.violations().stream().map(v -> new ApiProblem.FieldError("spec." + v.field(), v.message())).toList();
        return ProblemHandler.answer(new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "The spec does not describe a possible model",
                errors, "invalid_spec", null), request);
    }

    @ExceptionHandler(HfConfigException.class)
    ResponseEntity<ProblemDetail> hfConfig(HfConfigException e, HttpServletRequest request) {
        var errors = e.problems().stream().map(p -> new ApiProblem.FieldError(p.key().isEmpty() ? "body" : p.key(), p.message())).toList();
        return ProblemHandler.answer(new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "The config.json cannot be imported: " + e.getMessage(),
                errors, "invalid_config", null), request);
    }

    /** A damaged header, or one that asks for more than an import may cost: the error names the header part at fault. */
    @ExceptionHandler(GgufFormatException.class)
    ResponseEntity<ProblemDetail> gguf(GgufFormatException e, HttpServletRequest request) {
        return ProblemHandler.answer(new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "The GGUF header cannot be imported: " + e.getMessage(),
                List.of(new ApiProblem.FieldError(e.part().orElse("body"), e.getMessage())), "invalid_gguf", null), request);
    }
}
