package org.archlab.registry.analysis;

import org.archlab.architecture.analysis.ArchitectureAnalysis;
import org.archlab.architecture.json.SpecJson;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Dtype;
import org.archlab.registry.architectures.Architecture;
import org.archlab.registry.architectures.ArchitectureStore;
import org.archlab.problems.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Analytics of one architecture, and several side by side. */
@RestController
@RequestMapping("/api/v1/architectures")
class AnalysisController {

    private static final long MAX_CONTEXT = 1L << 28;
    private static final int MAX_BATCH = 4096;
    private static final int MAX_COMPARED = 8;

    private final ArchitectureStore registry;

    AnalysisController(ArchitectureStore registry) {
        this.registry = registry;
    }

    @GetMapping("/{name}/analysis")
    JsonNode analysis(@PathVariable String name,
                      @RequestParam(required = false) Integer revision,
                      @RequestParam(defaultValue = "4096") long context,
                      @RequestParam(required = false) Dtype weightDtype,
                      @RequestParam(defaultValue = "BF16") Dtype kvDtype,
                      @RequestParam(defaultValue = "1") int batch) {
        checkScenario(context, batch);
        Architecture a = registry.get(name, revision);
        return analyse(a, context, weightDtype, kvDtype, batch);
    }

    /** The article's kind of figure: each differing spec field and the analytics, architecture by architecture. */
    @GetMapping("/compare")
    Map<String, Object> compare(@RequestParam String names,
                                @RequestParam(defaultValue = "4096") long context,
                                @RequestParam(required = false) Dtype weightDtype,
                                @RequestParam(defaultValue = "BF16") Dtype kvDtype,
                                @RequestParam(defaultValue = "1") int batch) {
        checkScenario(context, batch);
        List<String> list = Arrays.stream(names.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
        if (list.size() < 2 || list.size() > MAX_COMPARED) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "names", "name 2 to " + MAX_COMPARED + " architectures, comma-separated");
        }
        var architectures = list.stream().map(n -> registry.get(n, null)).toList();
        var flattened = architectures.stream().map(a -> flatten(SpecJson.tree(a.spec()))).toList();
        var fields = new TreeSet<String>();
        flattened.forEach(f -> fields.addAll(f.keySet()));
        var differences = new ArrayList<Map<String, Object>>();
        for (String field : fields) {
            var values = flattened.stream().map(f -> f.get(field)).toList();
            if (values.stream().distinct().count() > 1) {
                var row = new LinkedHashMap<String, Object>();
                row.put("field", field);
                for (int i = 0; i < list.size(); i++) {
                    row.put(list.get(i), values.get(i));
                }
                differences.add(row);
            }
        }
        var analyses = new LinkedHashMap<String, JsonNode>();
        architectures.forEach(a -> analyses.put(a.name(), analyse(a, context, weightDtype, kvDtype, batch)));
        var result = new LinkedHashMap<String, Object>();
        result.put("names", list);
        result.put("context", context);
        result.put("differences", differences);
        result.put("analyses", analyses);
        return result;
    }

    private static JsonNode analyse(Architecture a, long context, Dtype weightDtype, Dtype kvDtype, int batch) {
        ObjectNode node = analyse(a.spec(), context, weightDtype, kvDtype, batch);
        node.put("name", a.name());
        node.put("revision", a.revision());
        return node;
    }

    /** The analysis of a spec; the weights in the spec's own dtype unless one is named. */
    static ObjectNode analyse(ArchitectureSpec spec, long context, Dtype weightDtype, Dtype kvDtype, int batch) {
        Dtype weights = weightDtype != null ? weightDtype : spec.defaultDtype();
        return SpecJson.mapper().valueToTree(ArchitectureAnalysis.of(spec, context, weights, kvDtype, batch));
    }

    private static Map<String, Object> flatten(JsonNode node) {
        var out = new LinkedHashMap<String, Object>();
        flatten("", node, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Object> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
        } else {
            out.put(prefix, node.isValueNode() ? node.asString() : node.toString());
        }
    }

    static void checkScenario(long context, int batch) {
        checkRange("context", context, 1, MAX_CONTEXT);
        checkRange("batch", batch, 1, MAX_BATCH);
    }

    private static void checkRange(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, field, "must be between " + min + " and " + max + ", was " + value);
        }
    }
}
