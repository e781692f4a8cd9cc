package org.archlab.architecture;

import org.archlab.architecture.catalog.CatalogEntry;
import org.archlab.architecture.catalog.ReferenceCatalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads ../shared: the catalog built on the verified reference architectures, and the GGUF fixtures. */
public final class Reference {

    private Reference() {
    }

    public static Path shared() {
        String configured = System.getProperty("archlab.shared.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("../../shared");
        if (!Files.isDirectory(dir.resolve("reference"))) {
            throw new IllegalStateException("The shared reference data is missing at " + dir.toAbsolutePath()
                    + " (expected next to the repository, as ../shared)");
        }
        return dir;
    }

    /** The catalog: the reference models with ArchLab's cited completions. */
    public static List<CatalogEntry> models() {
        return ReferenceCatalog.load(shared().resolve("reference/architectures.json"));
    }

    public static Path fixture(String file) {
        return shared().resolve("fixtures").resolve(file);
    }
}
