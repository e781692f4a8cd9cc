package org.archlab.registry.catalog;

import org.archlab.architecture.catalog.CatalogEntry;
import org.archlab.architecture.catalog.ReferenceCatalog;
import org.archlab.architecture.hf.HfConfigImporter;
import org.archlab.registry.architectures.ArchitectureRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Seeds the catalog (the verified reference architectures with ArchLab's cited completions, shipped in architecture-core, and
 * the deployment's own catalog file if it names one) at start-up. Idempotent: a name that exists is left alone, so revisions
 * users made to catalog entries survive restarts. A named file that cannot be read stops the start: serving without the
 * models the operator asked for would look like success.
 */
@Component
class CatalogSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(CatalogSeeder.class);

    private final ArchitectureRegistry registry;
    private final CatalogProperties properties;

    CatalogSeeder(ArchitectureRegistry registry, CatalogProperties properties) {
        this.registry = registry;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        Path file = properties.overrideFile();
        if (file != null && !Files.isRegularFile(file)) {
            throw new IllegalStateException("ARCHLAB_CATALOG names " + file.toAbsolutePath() + ", which is not a readable file");
        }
        int added = 0;
        int skipped = 0;
        for (CatalogEntry model : ReferenceCatalog.load(file, properties.mode())) {
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
        log.info("Catalog ({}): {} added, {} could not be imported",
                file == null ? "shipped" : "shipped, " + properties.mode() + " " + file, added, skipped);
    }
}
