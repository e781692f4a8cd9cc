package org.archlab.registry.catalog;

import org.archlab.architecture.catalog.ReferenceCatalog.OverrideMode;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * What the registry seeds: the catalog shipped with architecture-core, changed by a deployment's own file.
 *
 * @param file a catalog file in the reference format ({@code ARCHLAB_CATALOG}); blank for the shipped catalog alone
 * @param mode whether that file adds to the shipped catalog or replaces it ({@code ARCHLAB_CATALOG_MODE})
 */
@ConfigurationProperties("archlab.registry.catalog")
record CatalogProperties(String file, OverrideMode mode) {

    CatalogProperties {
        mode = mode == null ? OverrideMode.ADD : mode;
    }

    /** The deployment's own catalog file, or {@code null} when it has none. */
    Path overrideFile() {
        return file == null || file.isBlank() ? null : Path.of(file);
    }
}
