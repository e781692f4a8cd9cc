package org.archlab.architecture.registry;

import org.archlab.architecture.spec.ArchitectureSpec;

/** One immutable revision of an architecture in the registry. */
public record RegistryArchitecture(String name, int revision, ArchitectureSpec spec) {
}
