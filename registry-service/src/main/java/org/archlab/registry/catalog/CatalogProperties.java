package org.archlab.registry.catalog;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/** @param referenceFile the verified reference architectures (architectures.json) the catalog is seeded from */
@ConfigurationProperties("archlab.registry.catalog")
record CatalogProperties(Path referenceFile) {
}
