package org.archlab.architecture.hf;

import java.util.List;
import java.util.stream.Collectors;

/** A config.json that cannot be mapped to a spec, naming every offending key found, not only the first. */
public class HfConfigException extends RuntimeException {

    private final transient List<Problem> problems;

    public HfConfigException(String key, String message) {
        this(List.of(new Problem(key, message)));
    }

    public HfConfigException(List<Problem> problems) {
        super(problems.stream().map(p -> p.key().isEmpty() ? p.message() : p.key() + ": " + p.message()).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    /** The first offending key; empty when the document as a whole is wrong. */
    public String key() {
        return problems.getFirst().key();
    }

    public List<Problem> problems() {
        return problems;
    }

    /**
     * One offending key.
     *
     * @param key     the key, a JSON path into the config ({@code rope_scaling.factor}); empty for the whole document
     * @param message what is wrong with it
     */
    public record Problem(String key, String message) {
    }
}
