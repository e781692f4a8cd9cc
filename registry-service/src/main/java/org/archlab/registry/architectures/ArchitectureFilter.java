package org.archlab.registry.architectures;

import org.archlab.architecture.spec.AttentionKind;

/** List filters; {@code null} means "any". */
record ArchitectureFilter(String family, AttentionKind attention, Boolean moe, boolean includeArchived) {
}
