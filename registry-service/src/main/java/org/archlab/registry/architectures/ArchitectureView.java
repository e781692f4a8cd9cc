package org.archlab.registry.architectures;

import org.archlab.architecture.json.SpecJson;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.archlab.architecture.spec.AttentionKind;
import org.archlab.architecture.spec.Scaling;
import tools.jackson.databind.JsonNode;

import java.time.Instant;

/** An architecture revision as the API shows it; {@code scaling} only for a scaled variant (what it kept of its parent). */
public record ArchitectureView(String name, int revision, int latestRevision, String family, AttentionKind attentionKind,
                               boolean moe, String source, String derivedFrom, boolean archived, Instant createdAt,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Scaling scaling, JsonNode spec) {

    public static ArchitectureView of(Architecture a) {
        return new ArchitectureView(a.name(), a.revision(), a.latestRevision(), a.spec().family(),
                AttentionKind.of(a.spec()), a.spec().hasMoe(), a.source(), a.derivedFrom(), a.archived(), a.createdAt(),
                a.scaling(), SpecJson.tree(a.spec()));
    }

    /** The list form: everything but the spec. */
    public record Summary(String name, int revision, String family, AttentionKind attentionKind, boolean moe,
                          String source, String derivedFrom, boolean archived) {
        static Summary of(Architecture a) {
            return new Summary(a.name(), a.revision(), a.spec().family(), AttentionKind.of(a.spec()), a.spec().hasMoe(),
                    a.source(), a.derivedFrom(), a.archived());
        }
    }

    /** One page of a list; {@code nextCursor} is null on the last page. */
    public record Page<T>(java.util.List<T> items, String nextCursor) {
    }
}
