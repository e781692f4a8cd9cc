package org.archlab.registry.architectures;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Scaling;

import java.time.Instant;

/**
 * One revision of a registered architecture.
 *
 * @param name           registry name, e.g. {@code qwen3-0.6b}
 * @param revision       this revision's number
 * @param latestRevision the newest revision of the name
 * @param source         catalog, user, variant or import
 * @param derivedFrom    for variants and for catalog models cut from another one (Gemma 3n E2B from E4B),
 *                       {@code parent@revision}; otherwise {@code null}
 * @param archived       archived architectures stay readable but are hidden from lists
 * @param createdAt      when this revision was written
 * @param spec           the spec of this revision
 * @param scaling        for a scaled variant, what this revision kept of its parent's layers and experts; otherwise {@code null}
 */
public record Architecture(String name, int revision, int latestRevision, String source, String derivedFrom,
                           boolean archived, Instant createdAt, ArchitectureSpec spec, Scaling scaling) {

    public String etag() {
        return "\"" + name + "@" + revision + "\"";
    }
}
