package org.archlab.registry.catalog;

import org.archlab.architecture.catalog.CatalogEntry;
import org.archlab.architecture.catalog.ReferenceCatalog;
import org.archlab.architecture.hf.HfConfigImporter;
import org.archlab.registry.architectures.ArchitectureStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Seeds the catalog (the verified reference architectures with ArchLab's cited completions) at start-up. Idempotent: a name that
 * exists is left alone, so revisions users made to catalog entries survive restarts.
 */
@Component
class CatalogSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(CatalogSeeder.class);

    private final ArchitectureStore registry;
    private final CatalogProperties properties;

    CatalogSeeder(ArchitectureStore registry, CatalogProperties properties) {
        this.registry = registry;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        Path file = properties.referenceFile();
        if (file == null || !Files.isRegularFile(file)) {
            log.warn("Catalog reference file {} not found; the catalog is not seeded (set ARCHLAB_CATALOG)", file);
            return;
        }
        int added = 0;
        int skipped = 0;
        for (CatalogEntry model : ReferenceCatalog.load(file)) {
            String name = model.name();
            try {
                if (registry.registerIfAbsent(name, HfConfigImporter.importConfig(model.hfConfig()), "catalog")) {
                    added++;
                }
            } catch (RuntimeException e) {
                skipped++;
                log.error("Catalog entry {} cannot be seeded: {}", name, e.getMessage());
            }
        }
        log.info("Catalog from {}: {} added, {} could not be imported", file, added, skipped);
    }
}
