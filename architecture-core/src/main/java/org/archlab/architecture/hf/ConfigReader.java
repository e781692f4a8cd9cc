package org.archlab.architecture.hf;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Typed, defaulted reads of a config.json object; a wrong type fails naming the key. */
final class ConfigReader {

    private final JsonNode node;

    ConfigReader(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new HfConfigException("", "config.json must be a JSON object");
        }
        this.node = node;
    }

    boolean has(String key) {
        return node.has(key) && !node.get(key).isNull();
    }

    int integer(String key) {
        if (!has(key)) {
            throw new HfConfigException(key, "is required");
        }
        return integer(key, 0);
    }

    int integer(String key, int fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode value = node.get(key);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new HfConfigException(key, "must be an integer that fits 32 bits, was " + value);
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
            throw new HfConfigException(key, "must be a number, was " + value);
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
            throw new HfConfigException(key, "must be true or false, was " + value);
        }
        return value.booleanValue();
    }

    String text(String key, String fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode value = node.get(key);
        if (!value.isString()) {
            throw new HfConfigException(key, "must be a string, was " + value);
        }
        return value.stringValue();
    }

    <T> List<T> list(String key, Function<JsonNode, T> element) {
        if (!has(key)) {
            return null;
        }
        JsonNode value = node.get(key);
        if (!value.isArray()) {
            throw new HfConfigException(key, "must be an array");
        }
        var result = new ArrayList<T>();
        for (int i = 0; i < value.size(); i++) {
            try {
                result.add(element.apply(value.get(i)));
            } catch (RuntimeException e) {
                throw new HfConfigException(key + "[" + i + "]", "unexpected value " + value.get(i));
            }
        }
        return result;
    }

    ConfigReader object(String key) {
        if (!has(key)) {
            return null;
        }
        if (!node.get(key).isObject()) {
            throw new HfConfigException(key, "must be an object");
        }
        return new ConfigReader(node.get(key));
    }
}
