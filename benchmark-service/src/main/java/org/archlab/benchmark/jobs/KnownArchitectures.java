package org.archlab.benchmark.jobs;

import org.archlab.architecture.spec.ArchitectureSpec;

import java.util.Optional;

/**
 * Whether the registry knows an architecture by the name (and revision) a job gives. Asked at submission so that a job
 * for a name nobody registered is refused with the field named, instead of being queued to fail every task.
 */
@FunctionalInterface
interface KnownArchitectures {

    /** What the registry said of a name. */
    enum Answer {
        KNOWN,
        UNKNOWN,
        /** The registry could not be asked: the name is checked again when its task runs. */
        CANNOT_TELL
    }

    /** Nothing checked: every name is left to the task that runs it. */
    KnownArchitectures UNCHECKED = name -> Answer.CANNOT_TELL;

    /** @param name a registry name, optionally {@code name@revision} */
    Answer of(String name);

    /**
     * The spec of a name {@link #of} answered KNOWN, where the registry gave it: the memory check of a scaled job needs
     * it. Empty when it cannot be told; the task then finds out.
     */
    default Optional<ArchitectureSpec> spec(String name) {
        return Optional.empty();
    }
}
