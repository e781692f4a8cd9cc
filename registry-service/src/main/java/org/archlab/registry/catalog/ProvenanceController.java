package org.archlab.registry.catalog;

import org.archlab.architecture.catalog.CatalogEntry;
import org.archlab.problems.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Where a catalog architecture's values come from, so that a reader can check any of them. */
@RestController
class ProvenanceController {

    private final ServedCatalog catalog;

    ProvenanceController(ServedCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * @param hfRepo              the Hugging Face repository whose config.json the values describe
     * @param sources             where each config was read, and the cross-checks
     * @param published           the vendor's own parameter counts ({@code null} values where none is published)
     * @param completedByArchLab  whether ArchLab's own cited research supplied some of the values
     * @param sliceOf             the catalog model this one is cut from (a MatFormer slice), or {@code null}
     */
    record Provenance(String name, String family, String hfRepo, List<String> sources, Published published,
                      boolean completedByArchLab, String sliceOf) {

        record Published(Double total, Double active) {
        }

        static Provenance of(CatalogEntry e) {
            return new Provenance(e.name(), e.family(), e.hfRepo(), e.sources(),
                    new Published(e.publishedTotal(), e.publishedActive()), e.completed(), e.sliceOf());
        }
    }

    @GetMapping("/api/v1/architectures/{name}/provenance")
    Provenance provenance(@PathVariable String name) {
        return catalog.entry(name).map(Provenance::of).orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND,
                "'" + name + "' is not in the catalog; only catalog architectures have recorded sources (a variant names its parent in derivedFrom)"));
    }
}
