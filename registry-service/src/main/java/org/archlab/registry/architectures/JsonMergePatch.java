package org.archlab.registry.architectures;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** RFC 7386 JSON merge patch: objects merge key by key, {@code null} removes, anything else replaces. */
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

    /** The patch that makes {@code to} from {@code from}: changed members with their new value, removed ones as null. */
    static JsonNode between(JsonNode from, JsonNode to) {
        if (!from.isObject() || !to.isObject()) {
            return to.deepCopy();
        }
        ObjectNode patch = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (var entry : to.properties()) {
            JsonNode before = from.get(entry.getKey());
            if (before == null || !before.equals(entry.getValue())) {
                patch.set(entry.getKey(), before == null ? entry.getValue().deepCopy() : between(before, entry.getValue()));
            }
        }
        for (String name : from.propertyNames()) {
            if (!to.has(name)) {
                patch.putNull(name);
            }
        }
        return patch;
    }
}
