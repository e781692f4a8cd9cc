package org.archlab.inference.server.openai;

import org.archlab.problems.ApiProblem;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The rule for OpenAI request fields this server does not act on. OpenAI clients send some of them on every
 * request, so a field that cannot change the tokens generated ({@code user}, {@code metadata}) is accepted and
 * ignored; one that would change them ({@code frequency_penalty}, {@code logit_bias}) is accepted only at its
 * neutral value, else refused with {@code 400 unsupported_value}; any other field is refused with
 * {@code 400 unknown_field}, so that a misspelt {@code max_token} is not silently dropped. All are named at once.
 */
final class UnactedFields {

    private static final Predicate<JsonNode> ZERO = v -> v.isNumber() && v.doubleValue() == 0;
    private static final Predicate<JsonNode> EMPTY = v -> (v.isObject() || v.isArray()) && v.isEmpty();

    /** {@code /v1/completions}. */
    static final UnactedFields COMPLETIONS = new UnactedFields(Set.of("user"), Map.of(
            "frequency_penalty", ZERO,
            "presence_penalty", ZERO,
            "logit_bias", EMPTY,
            "best_of", v -> v.isIntegralNumber() && v.intValue() == 1,
            "suffix", v -> v.isString() && v.stringValue().isEmpty()));

    /** {@code /v1/chat/completions}. */
    static final UnactedFields CHAT = new UnactedFields(
            Set.of("user", "metadata", "store", "service_tier", "parallel_tool_calls", "safety_identifier", "prompt_cache_key"), Map.of(
            "frequency_penalty", ZERO,
            "presence_penalty", ZERO,
            "logit_bias", EMPTY,
            "tools", EMPTY,
            "functions", EMPTY,
            "tool_choice", v -> v.isString() && v.stringValue().equals("none"),
            "function_call", v -> v.isString() && v.stringValue().equals("none"),
            "response_format", v -> v.isObject() && v.path("type").asString("").equals("text") && v.size() == 1,
            "modalities", v -> v.isArray() && v.size() == 1 && v.get(0).asString("").equals("text")));

    private final Set<String> ignored;
    private final Map<String, Predicate<JsonNode>> neutral;

    private UnactedFields(Set<String> ignored, Map<String, Predicate<JsonNode>> neutral) {
        this.ignored = ignored;
        this.neutral = neutral;
    }

    /** Refuses the fields of a request that its record does not hold, unless the rule above accepts them. */
    void check(Map<String, JsonNode> others) {
        if (others == null || others.isEmpty()) {
            return;
        }
        var errors = new ArrayList<ApiProblem.FieldError>();
        boolean onlyUnsupported = true;
        for (var field : others.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (ignored.contains(name) || value == null || value.isNull()) {
                continue;
            }
            Predicate<JsonNode> isNeutral = neutral.get(name);
            if (isNeutral == null) {
                errors.add(new ApiProblem.FieldError(name, "is not a field of this endpoint"));
                onlyUnsupported = false;
            } else if (!isNeutral.test(value)) {
                errors.add(new ApiProblem.FieldError(name, "is not supported by this server; leave it out or send its neutral value"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "The request has fields this server does not accept: "
                    + errors.stream().map(ApiProblem.FieldError::field).toList(), errors,
                    onlyUnsupported ? "unsupported_value" : "unknown_field", null);
        }
    }
}
