package org.archlab.architecture.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.archlab.architecture.spec.ArchitectureSpec;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of specs: strict on input (duplicate keys, unknown fields, unknown enum values,
 * missing or null numbers, fractions where integers are meant and numbers that do not fit are errors),
 * compact on output (absent parts omitted). Every service reads request bodies with {@link #strictInput}.
 */
public final class SpecJson {

    private static final JsonMapper MAPPER = configure(JsonMapper.builder()).build();

    private SpecJson() {
    }

    /** Applies ArchLab's spec conventions, input and output, to a mapper builder. */
    public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
        return strictInput(builder)
                .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL));
    }

    /**
     * ArchLab's input rules, which every service's request mapper shares: JSON that a lenient reader would
     * take one way and a strict one another (a repeated key, {@code "max_tokens": 1.5}, a misspelt field
     * that would be dropped) is refused, naming the field, instead of guessed at.
     */
    public static JsonMapper.Builder strictInput(JsonMapper.Builder builder) {
        return builder
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // Omitted parts are null; an omitted number fails as a null primitive, naming its field.
                .disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static ArchitectureSpec read(String json) {
        return MAPPER.readValue(json, ArchitectureSpec.class);
    }

    public static ArchitectureSpec read(JsonNode json) {
        return MAPPER.treeToValue(json, ArchitectureSpec.class);
    }

    public static String write(ArchitectureSpec spec) {
        return MAPPER.writeValueAsString(spec);
    }

    public static JsonNode tree(ArchitectureSpec spec) {
        return MAPPER.valueToTree(spec);
    }
}
