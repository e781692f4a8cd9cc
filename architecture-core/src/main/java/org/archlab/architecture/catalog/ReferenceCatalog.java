package org.archlab.architecture.catalog;

import org.archlab.architecture.json.SpecJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The catalog: the verified reference architectures completed with the values ArchLab researched itself
 * ({@code verified-completions.json}, every value cited in docs/architectures.md).
 *
 * <p>A completion may only add what the reference leaves out. When both define a key with different
 * values the catalog refuses to load: the reference is authoritative, and silently preferring either
 * side would hide a factual disagreement that someone has to resolve.
 */
public final class ReferenceCatalog {

    static final String COMPLETIONS = "verified-completions.json";

    private ReferenceCatalog() {
    }

    /** The reference file's models, completed, followed by the models only ArchLab's research adds. */
    public static List<CatalogEntry> load(Path referenceFile) {
        try {
            return merge(SpecJson.mapper().readTree(Files.readString(referenceFile)), completions());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reference catalog " + referenceFile, e);
        }
    }

    static JsonNode completions() {
        try (InputStream in = ReferenceCatalog.class.getResourceAsStream(COMPLETIONS)) {
            return SpecJson.mapper().readTree(Objects.requireNonNull(in, COMPLETIONS + " is missing from the jar"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<CatalogEntry> merge(JsonNode reference, JsonNode completions) {
        Map<String, JsonNode> completionByName = new LinkedHashMap<>();
        completions.get("models").forEach(m -> completionByName.put(m.get("name").stringValue(), m));
        var entries = new ArrayList<CatalogEntry>();
        for (JsonNode model : reference.get("models")) {
            String name = model.get("name").stringValue();
            JsonNode completion = completionByName.remove(name);
            entries.add(completion == null ? entry(model, model.get("hf_config"), List.of(), false)
                    : entry(model, completed(name, (ObjectNode) model.get("hf_config"), completion.get("hf_config")),
                    sources(completion), true));
        }
        completionByName.values().forEach(m -> entries.add(entry(m, m.get("hf_config"), List.of(), true)));
        return List.copyOf(entries);
    }

    private static JsonNode completed(String name, ObjectNode reference, JsonNode additions) {
        ObjectNode merged = reference.deepCopy();
        for (var field : additions.properties()) {
            JsonNode existing = reference.get(field.getKey());
            if (existing != null && !existing.equals(field.getValue())) {
                throw new IllegalStateException("catalog model " + name + ": the reference says " + field.getKey() + " = "
                        + existing + ", ArchLab's completion says " + field.getValue() + "; resolve the disagreement in "
                        + COMPLETIONS);
            }
            merged.set(field.getKey(), field.getValue());
        }
        return merged;
    }

    /** @param completionSources where ArchLab's completion of a reference model comes from */
    private static CatalogEntry entry(JsonNode model, JsonNode hfConfig, List<String> completionSources, boolean completed) {
        JsonNode published = model.path("published_params");
        var sources = new ArrayList<>(sources(model));
        sources.addAll(completionSources);
        return new CatalogEntry(model.get("name").stringValue(), model.get("family").stringValue(), hfConfig,
                number(published.get("total")), number(published.get("active")), List.copyOf(sources), completed);
    }

    private static List<String> sources(JsonNode model) {
        var sources = new ArrayList<String>();
        model.path("sources").forEach(s -> sources.add(s.stringValue()));
        return sources;
    }

    private static Double number(JsonNode node) {
        return node == null || !node.isNumber() ? null : node.doubleValue();
    }
}
