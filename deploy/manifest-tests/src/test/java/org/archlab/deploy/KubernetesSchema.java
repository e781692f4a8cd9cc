package org.archlab.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes API's types, as fabric8's model classes (generated from the API's OpenAPI schema) define them: an
 * object conforms when its kind is one of them, every field has the type the schema gives it, and no field is one
 * the schema lacks. fabric8 keeps unknown fields in each object's {@code additionalProperties} instead of refusing
 * them, so those maps are walked and must all be empty.
 */
final class KubernetesSchema {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private KubernetesSchema() {
    }

    static HasMetadata conforming(Map<String, Object> object) {
        String name = object.get("kind") + " " + Repository.at(object, "metadata", "name");
        KubernetesResource resource;
        try {
            resource = MAPPER.convertValue(object, KubernetesResource.class);
        } catch (JacksonException e) {
            throw new AssertionError(name + " does not fit the Kubernetes schema: " + e.getOriginalMessage(), e);
        }
        if (resource instanceof GenericKubernetesResource || !(resource instanceof HasMetadata typed)) {
            throw new AssertionError(name + " (" + object.get("apiVersion") + ") is not a Kubernetes API kind");
        }
        var unknown = new ArrayList<String>();
        collectUnknownFields(typed, name, unknown);
        if (!unknown.isEmpty()) {
            throw new AssertionError(name + " has fields the Kubernetes schema lacks: " + unknown);
        }
        return typed;
    }

    static List<HasMetadata> conforming(List<Map<String, Object>> objects) {
        return objects.stream().map(KubernetesSchema::conforming).toList();
    }

    private static void collectUnknownFields(Object node, String path, List<String> unknown) {
        switch (node) {
            case null -> {
            }
            case Collection<?> list -> {
                int index = 0;
                for (Object element : list) {
                    collectUnknownFields(element, path + "[" + index++ + "]", unknown);
                }
            }
            case Map<?, ?> map -> map.forEach((key, value) -> collectUnknownFields(value, path + "." + key, unknown));
            default -> {
                if (node.getClass().getName().startsWith("io.fabric8.")) {
                    collectFromFields(node, path, unknown);
                }
            }
        }
    }

    private static void collectFromFields(Object node, String path, List<String> unknown) {
        for (Class<?> type = node.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object value;
                try {
                    value = field.get(node);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (field.getName().equals("additionalProperties")) {
                    if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        extra.keySet().forEach(key -> unknown.add(path + "." + key));
                    }
                } else {
                    collectUnknownFields(value, path + "." + field.getName(), unknown);
                }
            }
        }
    }
}
