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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The catalog: the verified reference architectures completed with the values ArchLab researched itself
 * ({@code verified-completions.json}, every value cited in docs/architectures.md). Both files ship in this
 * package as resources; README.md beside them in the source tree says where the reference came from.
 *
 * <p>A completion may only add what the reference leaves out. When both define a key with different
 * values the catalog refuses to load: the reference is authoritative, and silently preferring either
 * side would hide a factual disagreement that someone has to resolve.
 *
 * <p>A model may name in {@code slice_of} the model it is cut from (a MatFormer sub-model); that model must come
 * earlier in the same catalog, or the catalog refuses to load.
 *
 * <p>A deployment may bring a catalog file of its own in the reference format (no completions are applied
 * to it): it adds to the shipped catalog, its entries taking the place of shipped ones with the same name,
 * or replaces the shipped catalog whole. The registry's seeder and the engine's catalog sweep both read the
 * catalog through {@link #load(Path, OverrideMode)}, so they always see the same models.
 */
public final class ReferenceCatalog {

    static final String REFERENCE = "reference-architectures.json";
    static final String COMPLETIONS = "verified-completions.json";

    /** What a deployment's own catalog file does to the shipped one. */
    public enum OverrideMode {
        /** Shipped entries, then the file's; an entry of the file replaces the shipped entry of the same name. */
        ADD,
        /** Only the file's entries. */
        REPLACE;

        /** {@code add} or {@code replace}, as ARCHLAB_CATALOG_MODE spells it. */
        public static OverrideMode of(String text) {
            for (OverrideMode mode : values()) {
                if (mode.name().equalsIgnoreCase(text.strip())) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("catalog mode must be add or replace, not '" + text + "'");
        }
    }

    private ReferenceCatalog() {
    }

    /** The shipped catalog: the reference models, completed, followed by the models only ArchLab's research adds. */
    public static List<CatalogEntry> shipped() {
        return merge(resource(REFERENCE), completions());
    }

    /**
     * The catalog a deployment serves: the shipped one, changed by {@code overrideFile} as {@code mode} says.
     *
     * @param overrideFile a catalog file in the reference format, or {@code null} for the shipped catalog alone
     */
    public static List<CatalogEntry> load(Path overrideFile, OverrideMode mode) {
        if (overrideFile == null) {
            return shipped();
        }
        List<CatalogEntry> own;
        try {
            own = entries(read(overrideFile));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("catalog file " + overrideFile + ": " + e.getMessage(), e);
        }
        if (mode == OverrideMode.REPLACE) {
            return own;
        }
        Map<String, CatalogEntry> byName = new LinkedHashMap<>();
        shipped().forEach(e -> byName.put(e.name(), e));
        own.forEach(e -> byName.put(e.name(), e));
        return requireSliceParents(List.copyOf(byName.values()));
    }

    /** The models of a file in the reference format, as they stand (no completions applied). */
    static List<CatalogEntry> entries(JsonNode catalog) {
        JsonNode models = catalog.get("models");
        if (models == null || !models.isArray()) {
            throw new IllegalArgumentException("a catalog file needs a 'models' array");
        }
        var entries = new ArrayList<CatalogEntry>();
        for (JsonNode model : models) {
            for (String field : List.of("name", "family", "hf_config")) {
                if (model.get(field) == null || model.get(field).isNull()) {
                    throw new IllegalArgumentException("catalog model #" + entries.size() + " has no '" + field + "'");
                }
            }
            entries.add(entry(model, model.get("hf_config"), List.of(), false));
        }
        return requireSliceParents(entries);
    }

    /** Every {@code slice_of} names a model listed before the slice. */
    private static List<CatalogEntry> requireSliceParents(List<CatalogEntry> entries) {
        var seen = new HashSet<String>();
        for (CatalogEntry e : entries) {
            if (e.sliceOf() != null && !seen.contains(e.sliceOf())) {
                throw new IllegalArgumentException("catalog model " + e.name() + " is a slice_of '" + e.sliceOf()
                        + "', which is not a model listed before it");
            }
            seen.add(e.name());
        }
        return List.copyOf(entries);
    }

    private static JsonNode read(Path file) {
        try {
            return SpecJson.mapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the catalog file " + file, e);
        }
    }

    static JsonNode completions() {
        return resource(COMPLETIONS);
    }

    private static JsonNode resource(String name) {
        try (InputStream in = ReferenceCatalog.class.getResourceAsStream(name)) {
            return SpecJson.mapper().readTree(Objects.requireNonNull(in, name + " is missing from the jar"));
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
        return requireSliceParents(entries);
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
        JsonNode hfRepo = model.get("hf_repo");
        JsonNode sliceOf = model.get("slice_of");
        return new CatalogEntry(model.get("name").stringValue(), model.get("family").stringValue(),
                hfRepo == null || hfRepo.isNull() ? null : hfRepo.stringValue(), hfConfig,
                number(published.get("total")), number(published.get("active")), List.copyOf(sources), completed,
                sliceOf == null || sliceOf.isNull() ? null : sliceOf.stringValue());
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
