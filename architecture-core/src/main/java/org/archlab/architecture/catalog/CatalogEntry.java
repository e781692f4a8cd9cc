package org.archlab.architecture.catalog;

import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * One catalog model: its Hugging Face config, the vendor's published parameter counts, and where each value was read.
 *
 * @param hfRepo          the Hugging Face repository whose config.json is described ({@code null} when none is named)
 * @param publishedTotal  the vendor's total parameter count ({@code null} when none is published)
 * @param publishedActive the vendor's active parameter count per token ({@code null} when none is published)
 * @param completed       true when ArchLab's own research supplied some or all of the config keys
 * @param sliceOf         the catalog model this one is cut from ({@code null} if none): a MatFormer sub-model such
 *                        as Gemma 3n E2B, nested in E4B; it comes earlier in the catalog, and the registry seeds
 *                        the slice as a variant of it
 */
public record CatalogEntry(String name, String family, String hfRepo, JsonNode hfConfig, Double publishedTotal,
                           Double publishedActive, List<String> sources, boolean completed, String sliceOf) {
}
