package org.archlab.registry.architectures;

import org.archlab.architecture.json.SpecJson;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Scaling;
import org.archlab.architecture.validation.SpecValidator;
import org.archlab.problems.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Registers architectures, adds revisions, derives variants and archives them. Every spec is validated
 * before anything is written, and each change is one transaction, so a refused request changes nothing.
 */
@Service
public class ArchitectureStore {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    private final ArchitectureRepository repository;

    ArchitectureStore(ArchitectureRepository repository) {
        this.repository = repository;
    }

    @Transactional
    public Architecture register(String name, ArchitectureSpec spec, String source) {
        requireName("name", name);
        SpecValidator.requireValid(spec);
        if (!repository.insert(name, spec, source, null, null, null)) {
            throw ApiProblem.field(HttpStatus.CONFLICT, "name", "an architecture named '" + name + "' already exists");
        }
        return get(name, 1);
    }

    /** Registers a catalog entry unless the name exists; true if it was added. */
    @Transactional
    public boolean registerIfAbsent(String name, ArchitectureSpec spec, String source) {
        SpecValidator.requireValid(spec);
        return repository.insert(name, spec, source, null, null, null);
    }

    /**
     * Registers a catalog model that is cut from another catalog model (a MatFormer slice such as Gemma 3n E2B of
     * E4B) unless the name exists: stored as a variant of the parent's first (catalog) revision whose overrides are
     * the merge patch from the parent's spec to this one, so that it shows where it comes from and still has exactly
     * the spec its own config gives. True if it was added.
     */
    @Transactional
    public boolean registerSliceIfAbsent(String name, String parentName, ArchitectureSpec spec) {
        SpecValidator.requireValid(spec);
        Architecture parent = repository.find(parentName, 1).orElseThrow(() -> new IllegalStateException(
                "'" + name + "' is a slice of '" + parentName + "', which is not registered"));
        JsonNode parentTree = SpecJson.tree(parent.spec());
        JsonNode overrides = JsonMergePatch.diff(parentTree, SpecJson.tree(spec));
        if (!SpecJson.read(JsonMergePatch.apply(parentTree, overrides)).equals(spec)) {
            throw new IllegalStateException("the merge patch from '" + parentName + "' does not give back the spec of '" + name + "'");
        }
        return repository.insert(name, spec, "catalog", parentName + "@" + parent.revision(), parent.revision(), overrides.toString());
    }

    @Transactional
    public Architecture revise(String name, int expectedRevision, ArchitectureSpec spec) {
        Architecture current = get(name, null);
        if (current.archived()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "'" + name + "' is archived and cannot be revised");
        }
        SpecValidator.requireValid(spec);
        if (!repository.revise(name, expectedRevision, spec)) {
            throw new ApiProblem(HttpStatus.PRECONDITION_FAILED, "'" + name + "' is at revision "
                    + get(name, null).latestRevision() + ", not " + expectedRevision + "; read it again and retry");
        }
        return get(name, expectedRevision + 1);
    }

    /** A new architecture made from a parent's latest revision and a JSON merge patch of its spec. */
    @Transactional
    public Architecture variant(String parentName, String name, JsonNode overrides) {
        requireName("name", name);
        if (overrides == null || !overrides.isObject()) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "overrides", "must be a JSON object (a merge patch of the spec)");
        }
        Architecture parent = get(parentName, null);
        ArchitectureSpec spec = SpecValidator.requireValid(patched(parent, overrides));
        String derivedFrom = parent.name() + "@" + parent.revision();
        if (!repository.insert(name, spec, "variant", derivedFrom, parent.revision(), overrides.toString())) {
            throw ApiProblem.field(HttpStatus.CONFLICT, "name", "an architecture named '" + name + "' already exists");
        }
        return get(name, 1);
    }

    /**
     * The spec a variant of the parent's latest revision with these overrides would have, read but not validated
     * and not stored: what a person editing a variant sees before saving it.
     */
    public ArchitectureSpec draftVariant(String parentName, JsonNode overrides) {
        if (overrides == null || !overrides.isObject()) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "overrides", "must be a JSON object (a merge patch of the spec)");
        }
        return patched(get(parentName, null), overrides);
    }

    private static ArchitectureSpec patched(Architecture parent, JsonNode overrides) {
        return SpecJson.read(JsonMergePatch.apply(SpecJson.tree(parent.spec()), overrides));
    }

    /**
     * The scaled variant of an architecture's latest revision that the request asks for, registered under a name that
     * says what it keeps ({@code deepseek-v3-scaled-8l-32e}) with the scaling recorded. Asking again returns the same
     * revision; asking after the parent was revised adds a revision derived from the new one, so a name always stands for
     * one way of scaling and its revisions track the parent's. Where nothing needs to be dropped, the parent itself.
     *
     * @return the variant (or the parent) and whether this call registered a new revision of it
     */
    @Transactional
    public Derived scaled(String parentName, ScaleRequest request) {
        Architecture parent = get(parentName, null);
        ArchitectureSpec spec = request.apply(parentName, parent.spec());
        Scaling scaling = Scaling.between(parent.spec(), spec);
        if (scaling.whole()) {
            return new Derived(parent, false);
        }
        String name = parent.name() + "-scaled-" + scaling.layers() + "l" + (scaling.experts() == null ? "" : "-" + scaling.experts() + "e");
        if (!NAME.matcher(name).matches()) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "name", "'" + parentName + "' is too long a name to derive a scaled variant's name from");
        }
        String derivedFrom = parent.name() + "@" + parent.revision();
        String overrides = JsonMergePatch.diff(SpecJson.tree(parent.spec()), SpecJson.tree(spec)).toString();
        for (int attempt = 0; ; attempt++) {
            var existing = repository.find(name, null);
            if (existing.isEmpty()) {
                if (repository.insert(name, spec, "variant", derivedFrom, parent.revision(), overrides, scaling)) {
                    return new Derived(get(name, 1), true);
                }
            } else {
                Architecture current = existing.get();
                if (!"variant".equals(current.source()) || current.scaling() == null
                        || current.derivedFrom() == null || !current.derivedFrom().startsWith(parent.name() + "@")) {
                    throw ApiProblem.field(HttpStatus.CONFLICT, "name", "'" + name + "' exists and is not a scaled variant of '" + parentName + "'");
                }
                if (current.spec().equals(spec) && derivedFrom.equals(current.derivedFrom())) {
                    return new Derived(current, false);
                }
                if (repository.reviseScaled(name, current.revision(), spec, derivedFrom, parent.revision(), overrides, scaling)) {
                    return new Derived(get(name, current.revision() + 1), true);
                }
            }
            if (attempt > 0) {
                // Someone else derived it at the same moment twice over: what they wrote is read on the next call.
                throw new ApiProblem(HttpStatus.CONFLICT, "'" + name + "' is being derived concurrently; retry");
            }
        }
    }

    /** A derived architecture and whether it was registered just now. */
    public record Derived(Architecture architecture, boolean created) {
    }

    @Transactional
    public void archive(String name) {
        get(name, null);
        repository.archive(name);
    }

    public Architecture get(String name, Integer revision) {
        return repository.find(name, revision).orElseThrow(() -> revision != null && repository.exists(name)
                ? ApiProblem.field(HttpStatus.NOT_FOUND, "revision", "'" + name + "' has no revision " + revision)
                : ApiProblem.field(HttpStatus.NOT_FOUND, "name", "no architecture named '" + name + "'"));
    }

    public List<Architecture> revisions(String name) {
        get(name, null);
        return repository.revisions(name);
    }

    List<Architecture> list(ArchitectureFilter filter, String after, int limit) {
        return repository.list(filter, after, limit);
    }

    private static void requireName(String field, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, field,
                    "must be 1-100 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }
}
