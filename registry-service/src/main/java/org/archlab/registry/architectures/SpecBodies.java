package org.archlab.registry.architectures;

import org.archlab.architecture.json.SpecJson;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.registry.problems.ApiProblem;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.List;

/** Reads a spec out of a request body with the strict spec mapping, naming the offending field. */
public final class SpecBodies {

    private SpecBodies() {
    }

    public static ArchitectureSpec spec(JsonNode body, String field) {
        JsonNode node = body == null ? null : body.get(field);
        if (node == null || !node.isObject()) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, field, "is required and must be a JSON object");
        }
        try {
            return SpecJson.read(node);
        } catch (JacksonException e) {
            String path = ApiProblem.pathOf(e);
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "Invalid spec: " + e.getOriginalMessage(),
                    List.of(new ApiProblem.FieldError(path.isEmpty() ? field : path.startsWith("[") ? field + path : field + "." + path,
                            e.getOriginalMessage())));
        }
    }

    public static String text(JsonNode body, String field) {
        JsonNode node = body == null ? null : body.get(field);
        if (node == null || !node.isString()) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, field, "is required and must be a string");
        }
        return node.stringValue();
    }
}
