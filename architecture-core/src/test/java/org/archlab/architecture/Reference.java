package org.archlab.architecture;

import org.archlab.architecture.catalog.CatalogEntry;
import org.archlab.architecture.catalog.ReferenceCatalog;
import org.archlab.testsupport.TestData;

import java.nio.file.Path;
import java.util.List;

/** The shipped catalog and the repository's GGUF fixtures, as the tests of the analytics read them. */
public final class Reference {

    private Reference() {
    }

    /** The catalog: the reference models with ArchLab's cited completions. */
    public static List<CatalogEntry> models() {
        return ReferenceCatalog.shipped();
    }

    public static Path fixture(String file) {
        return TestData.fixture(file);
    }
}
