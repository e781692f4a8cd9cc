package org.archlab.registry.catalog;

import org.archlab.architecture.catalog.CatalogEntry;
import org.archlab.architecture.hf.HfConfigImporter;
import org.archlab.registry.architectures.ArchitectureStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Seeds the {@link ServedCatalog} at start-up. Idempotent: a name that exists is left alone, so revisions users made to
 * catalog entries survive restarts. A model cut from another ({@code slice_of}, e.g. Gemma 3n E2B from E4B) is seeded
 * as a variant of the parent's catalog revision; the catalog lists parents first.
 */
@Component
class CatalogSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(CatalogSeeder.class);

    private final ArchitectureStore registry;
    private final ServedCatalog catalog;

    CatalogSeeder(ArchitectureStore registry, ServedCatalog catalog) {
        this.registry = registry;
        this.catalog = catalog;
    }

    @Override
    public void run(ApplicationArguments args) {
        int added = 0;
        int skipped = 0;
        for (CatalogEntry model : catalog.entries()) {
            String name = model.name();
            try {
                var spec = HfConfigImporter.importConfig(model.hfConfig());
                boolean isNew = model.sliceOf() == null ? registry.registerIfAbsent(name, spec, "catalog")
                        : registry.registerSliceIfAbsent(name, model.sliceOf(), spec);
                if (isNew) {
                    added++;
                }
            } catch (RuntimeException e) {
                skipped++;
                log.error("Catalog entry {} cannot be seeded: {}", name, e.getMessage());
            }
        }
        log.info("Catalog ({}): {} added, {} could not be imported", catalog.origin(), added, skipped);
    }
}
