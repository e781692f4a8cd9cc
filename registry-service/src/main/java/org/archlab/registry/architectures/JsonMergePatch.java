package org.archlab.registry.architectures;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * RFC 7386 JSON merge patch: objects merge key by key, {@code null} removes, anything else replaces. {@link #diff}
 * makes the patch that turns one document into another (arrays are replaced whole, as the RFC has no other way).
 */
final class JsonMergePatch {

    private JsonMergePatch() {
    }

    static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (var entry : patch.properties()) {
            if (entry.getValue().isNull()) {
                result.remove(entry.getKey());
            } else {
                result.set(entry.getKey(), apply(result.get(entry.getKey()), entry.getValue()));
            }
        }
        return result;
    }

    /** The merge patch p with {@code apply(source, p)} equal to {@code target}; {@code {}} when they are equal. */
    static ObjectNode diff(JsonNode source, JsonNode target) {
        ObjectNode patch = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (var entry : source.properties()) {
            if (!target.has(entry.getKey())) {
                patch.putNull(entry.getKey());
            }
        }
        for (var entry : target.properties()) {
            JsonNode before = source.get(entry.getKey());
            JsonNode after = entry.getValue();
            if (after.equals(before)) {
                continue;
            }
            patch.set(entry.getKey(), before != null && before.isObject() && after.isObject() ? diff(before, after) : after.deepCopy());
        }
        return patch;
    }
}
