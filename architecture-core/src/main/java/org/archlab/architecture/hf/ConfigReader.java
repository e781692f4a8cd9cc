package org.archlab.architecture.hf;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Typed, defaulted reads of a config.json object. A missing or mistyped key is recorded, naming the key, and
 * the read goes on with a stand-in value, so that one import reports every such key at once ({@link #failIfAny}).
 */
final class ConfigReader {

    private final JsonNode node;
    private final String prefix;
    private final List<HfConfigException.Problem> problems;

    ConfigReader(JsonNode node) {
        this(node, "", new ArrayList<>());
        if (node == null || !node.isObject()) {
            throw new HfConfigException("", "config.json must be a JSON object");
        }
    }

    private ConfigReader(JsonNode node, String prefix, List<HfConfigException.Problem> problems) {
        this.node = node;
        this.prefix = prefix;
        this.problems = problems;
    }

    /** Records a problem with a key of this object; reading goes on. */
    void problem(String key, String message) {
        var problem = new HfConfigException.Problem(prefix + key, message);
        if (!problems.contains(problem)) {
            problems.add(problem);
        }
    }

    /** Records the problems of an exception thrown while mapping. */
    void problems(HfConfigException e) {
        problems.addAll(e.problems());
    }

    /** Throws one exception naming every problem recorded so far, if there are any. */
    void failIfAny() {
        if (!problems.isEmpty()) {
            throw new HfConfigException(problems);
        }
    }

    boolean has(String key) {
        return node.has(key) && !node.get(key).isNull();
    }

    /** A required integer; when it is missing, 1 stands in for it. */
    int integer(String key) {
        if (!has(key)) {
            problem(key, "is required");
            return 1;
        }
        return integer(key, 1);
    }

    /** A required integer of at least 1 (a size or a count); when it is not, 1 stands in for it. */
    int positive(String key) {
        int value = integer(key);
        if (value < 1) {
            problem(key, "must be at least 1, was " + value);
            return 1;
        }
        return value;
    }

    int integer(String key, int fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode value = node.get(key);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            problem(key, "must be an integer that fits 32 bits, was " + value);
            return fallback;
        }
        return value.intValue();
    }

    Integer optionalInteger(String key) {
        return has(key) ? integer(key, 0) : null;
    }

    double number(String key, double fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode value = node.get(key);
        if (!value.isNumber()) {
            problem(key, "must be a number, was " + value);
            return fallback;
        }
        return value.doubleValue();
    }

    Double optionalNumber(String key) {
        return has(key) ? number(key, 0) : null;
    }

    boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode value = node.get(key);
        if (!value.isBoolean()) {
            problem(key, "must be true or false, was " + value);
            return fallback;
        }
        return value.booleanValue();
    }

    String text(String key, String fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode value = node.get(key);
        if (!value.isString()) {
            problem(key, "must be a string, was " + value);
            return fallback;
        }
        return value.stringValue();
    }

    /** Whether the key holds an array (keys that may be a scalar or a per-layer list). */
    boolean isArray(String key) {
        return has(key) && node.get(key).isArray();
    }

    <T> List<T> list(String key, Function<JsonNode, T> element) {
        if (!has(key)) {
            return null;
        }
        JsonNode value = node.get(key);
        if (!value.isArray()) {
            problem(key, "must be an array");
            return null;
        }
        var result = new ArrayList<T>();
        for (int i = 0; i < value.size(); i++) {
            try {
                result.add(element.apply(value.get(i)));
            } catch (RuntimeException e) {
                problem(key + "[" + i + "]", "unexpected value " + value.get(i));
            }
        }
        return result;
    }

    ConfigReader object(String key) {
        if (!has(key)) {
            return null;
        }
        if (!node.get(key).isObject()) {
            problem(key, "must be an object");
            return null;
        }
        return new ConfigReader(node.get(key), prefix + key + ".", problems);
    }
}
