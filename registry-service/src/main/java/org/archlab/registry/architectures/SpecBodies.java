package org.archlab.registry.architectures;

import org.archlab.architecture.json.SpecJson;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.problems.ApiProblem;
import org.archlab.problems.Problems;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.Set;

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
            throw Problems.json(e, field);
        }
    }

    /** Refuses a body with fields besides the given ones, naming every one, so that a misspelt field is not dropped. */
    public static void onlyFields(JsonNode body, String... fields) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "body", "must be a JSON object");
        }
        var known = Set.of(fields);
        var unknown = body.propertyNames().stream().filter(name -> !known.contains(name))
                .map(name -> new ApiProblem.FieldError(name, "is not a field of this request; known: " + String.join(", ", fields)))
                .toList();
        if (!unknown.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "The request has fields this API does not know", unknown, "unknown_field", null);
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
