package org.archlab.registry.catalog;

import org.archlab.architecture.catalog.CatalogEntry;
import org.archlab.architecture.catalog.ReferenceCatalog;
import org.springframework.stereotype.Component;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog this registry serves, read once at start-up: the one architecture-core ships, changed by the deployment's
 * own file if it names one. A named file that cannot be read stops the start: serving without the models the operator
 * asked for would look like success.
 */
@Component
class ServedCatalog {

    private final Map<String, CatalogEntry> byName = new LinkedHashMap<>();
    private final String origin;

    ServedCatalog(CatalogProperties properties) {
        Path file = properties.overrideFile();
        if (file != null && !Files.isRegularFile(file)) {
            throw new IllegalStateException("ARCHLAB_CATALOG names " + file.toAbsolutePath() + ", which is not a readable file");
        }
        ReferenceCatalog.load(file, properties.mode()).forEach(entry -> byName.put(entry.name(), entry));
        origin = file == null ? "shipped" : "shipped, " + properties.mode().name().toLowerCase() + " " + file;
    }

    List<CatalogEntry> entries() {
        return List.copyOf(byName.values());
    }

    Optional<CatalogEntry> entry(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Where the catalog came from, for logs: "shipped", or the shipped one with the deployment's file. */
    String origin() {
        return origin;
    }
}
