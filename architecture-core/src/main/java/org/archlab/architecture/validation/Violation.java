package org.archlab.architecture.validation;

/**
 * One reason a spec is impossible.
 *
 * @param field   the offending field as a JSON path, e.g. {@code attention.kvHeads}
 * @param message what is wrong, in words a user can act on
 */
public record Violation(String field, String message) {
}
