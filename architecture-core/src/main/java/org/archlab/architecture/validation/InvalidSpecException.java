package org.archlab.architecture.validation;

import java.util.List;
import java.util.stream.Collectors;

/** A spec that cannot describe a real model, with every violation found. */
public class InvalidSpecException extends RuntimeException {

    private final transient List<Violation> violations;

    public InvalidSpecException(List<Violation> violations) {
        super(violations.stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
