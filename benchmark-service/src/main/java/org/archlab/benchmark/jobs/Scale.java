package org.archlab.benchmark.jobs;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.archlab.problems.ApiProblem;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a job's architectures are scaled before they run: {@code none} runs each as registered; {@code fit} runs the
 * largest variant that fits inference-service's memory budget at the job's longest context and largest batch;
 * {@code explicit} keeps the given layers and routed experts ({@code {"layers": 8, "experts": 32}} in a request). The
 * registry derives each variant (ScaledVariant: every width, the active experts and every kind of layer kept) and
 * records the scaling.
 *
 * @param mode    {@code none}, {@code fit} or {@code explicit}
 * @param layers  for explicit: layers to keep (raised to a whole cycle of every kind of layer), null for all
 * @param experts for explicit: routed experts to keep at most, null for all
 */
public record Scale(String mode, Integer layers, Integer experts) {

    public static final Scale NONE = new Scale("none", null, null);
    public static final Scale FIT = new Scale("fit", null, null);
    private static final int MAX_LAYERS = 1024;
    private static final int MAX_EXPERTS = 4096;

    /** Whether the job's architectures run as registered. */
    @JsonIgnore
    public boolean none() {
        return "none".equals(mode);
    }

    /**
     * The registry's scaled-variants request for this scale ({@code POST /api/v1/architectures/{name}/scaled-variants}).
     *
     * @param budgetBytes for fit: inference-service's memory budget
     * @param context     for fit: the job's longest context
     * @param batch       for fit: the job's largest batch, whose sequences each hold a cache of the context
     */
    public Map<String, Object> registryRequest(Long budgetBytes, int context, int batch, String weightDtype) {
        var request = new LinkedHashMap<String, Object>();
        if ("fit".equals(mode)) {
            request.put("fit", Map.of("budgetBytes", budgetBytes, "context", context, "batch", batch,
                    "weightDtype", weightDtype));
        } else {
            request.put("layers", layers == null ? Integer.MAX_VALUE : layers);
            request.put("experts", experts == null ? Integer.MAX_VALUE : experts);
        }
        return request;
    }

    /** The request's {@code scale}: absent or {@code "none"}, {@code "fit"}, or an object of layers and experts. */
    static Scale read(JsonNode node, List<ApiProblem.FieldError> errors) {
        if (node == null || node.isNull()) {
            return NONE;
        }
        if (node.isString()) {
            return switch (node.stringValue()) {
                case "none" -> NONE;
                case "fit" -> FIT;
                default -> refuse(errors, "scale", "must be \"none\", \"fit\" or an object such as {\"layers\": 8, \"experts\": 32}");
            };
        }
        if (!node.isObject()) {
            return refuse(errors, "scale", "must be \"none\", \"fit\" or an object such as {\"layers\": 8, \"experts\": 32}");
        }
        var unknown = node.propertyNames().stream().filter(name -> !name.equals("layers") && !name.equals("experts")).toList();
        unknown.forEach(name -> errors.add(new ApiProblem.FieldError("scale." + name, "is not a field of scale; known: layers, experts")));
        if (!node.has("layers") && !node.has("experts")) {
            return refuse(errors, "scale", "name the layers and/or experts to keep, e.g. {\"layers\": 8, \"experts\": 32}");
        }
        Integer layers = count(node, "layers", MAX_LAYERS, errors);
        Integer experts = count(node, "experts", MAX_EXPERTS, errors);
        return unknown.isEmpty() ? new Scale("explicit", layers, experts) : NONE;
    }

    private static Integer count(JsonNode node, String member, int max, List<ApiProblem.FieldError> errors) {
        JsonNode value = node.get(member);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1 || value.intValue() > max) {
            errors.add(new ApiProblem.FieldError("scale." + member, "must be an integer between 1 and " + max + ", was " + value));
            return null;
        }
        return value.intValue();
    }

    private static Scale refuse(List<ApiProblem.FieldError> errors, String field, String message) {
        errors.add(new ApiProblem.FieldError(field, message));
        return NONE;
    }

    @Override
    public String toString() {
        return switch (mode) {
            case "explicit" -> "{layers: " + (layers == null ? "all" : layers) + ", experts: " + (experts == null ? "all" : experts) + "}";
            default -> mode;
        };
    }
}
