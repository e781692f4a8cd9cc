package org.archlab.registry.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.archlab.architecture.json.SpecJson;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Dtype;
import org.archlab.architecture.validation.SpecValidator;
import org.archlab.problems.ApiProblem;
import org.archlab.problems.Problems;
import org.archlab.registry.architectures.ArchitectureStore;
import org.archlab.registry.architectures.SpecBodies;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * A variant before it is saved: the body of {@code POST /{name}/variants} checked and analysed without storing
 * anything, so an editor can show what the overrides do and what is wrong with them while they are typed. A spec
 * that cannot be read or is impossible is a normal answer here ({@code valid: false} and the errors by field, as
 * saving it would name them), not a refusal; a body that is not a draft at all is refused as saving refuses it.
 */
@RestController
@RequestMapping("/api/v1/architectures")
class VariantDraftController {

    /** The answer: the merged spec when it could be read, its analysis when it is possible. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Draft(boolean valid, List<ApiProblem.FieldError> errors, JsonNode spec, JsonNode analysis) {
    }

    private final ArchitectureStore registry;

    VariantDraftController(ArchitectureStore registry) {
        this.registry = registry;
    }

    @PostMapping("/{name}/variants/draft")
    Draft draft(@PathVariable String name, @RequestBody JsonNode body,
                @RequestParam(defaultValue = "4096") long context,
                @RequestParam(required = false) Dtype weightDtype,
                @RequestParam(defaultValue = "BF16") Dtype kvDtype) {
        AnalysisController.checkScenario(context, 1);
        SpecBodies.onlyFields(body, "name", "overrides");
        ArchitectureSpec spec;
        try {
            spec = registry.draftVariant(name, body.get("overrides"));
        } catch (JacksonException e) {
            return new Draft(false, Problems.json(e, "spec").errors(), null, null);
        }
        var violations = SpecValidator.violations(spec);
        if (!violations.isEmpty()) {
            var errors = violations.stream().map(v -> new ApiProblem.FieldError("spec." + v.field(), v.message())).toList();
            return new Draft(false, errors, SpecJson.tree(spec), null);
        }
        return new Draft(true, List.of(), SpecJson.tree(spec), AnalysisController.analyse(spec, context, weightDtype, kvDtype, 1));
    }
}
