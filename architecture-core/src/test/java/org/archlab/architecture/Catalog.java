package org.archlab.architecture;

import org.archlab.architecture.hf.HfConfigImporter;
import org.archlab.architecture.spec.ArchitectureSpec;

/** Catalog models by name, as imported from the reference configs. */
public final class Catalog {

    private Catalog() {
    }

    public static ArchitectureSpec spec(String name) {
        return Reference.models().stream()
                .filter(m -> m.name().equals(name))
                .map(m -> HfConfigImporter.importConfig(m.hfConfig()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no reference model " + name));
    }
}
