package org.archlab.registry.architectures;

import org.archlab.architecture.json.SpecJson;
import org.archlab.architecture.spec.ArchitectureSpec;
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
        JsonNode merged = JsonMergePatch.apply(SpecJson.tree(parent.spec()), overrides);
        ArchitectureSpec spec = SpecJson.read(merged);
        SpecValidator.requireValid(spec);
        String derivedFrom = parent.name() + "@" + parent.revision();
        if (!repository.insert(name, spec, "variant", derivedFrom, parent.revision(), overrides.toString())) {
            throw ApiProblem.field(HttpStatus.CONFLICT, "name", "an architecture named '" + name + "' already exists");
        }
        return get(name, 1);
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
