package org.archlab.inference.kernels;

import java.util.List;
import java.util.Optional;

/**
 * A kind of kernel backend, found with {@link java.util.ServiceLoader}: a backend whose runtime is an
 * optional install (TornadoVM) ships as its own module and registers one of these, so the engine and the
 * server never link against that runtime.
 */
public interface KernelBackendProvider {

    /** The name users select it by, e.g. {@code jvm} or {@code tornadovm}. */
    String name();

    /**
     * Preference when the selection is {@code auto}: the available provider with the highest priority wins.
     * The JVM backend, which is always there, has 0.
     */
    int priority();

    /** Why this backend cannot run in this process (runtime absent, no device), or empty when it can. */
    Optional<String> unavailableReason();

    /** The devices it can run on, in index order (what {@code tornadovm:1} refers to); empty when unavailable. */
    List<String> devices();

    /**
     * A new backend on device {@code deviceIndex}.
     *
     * @param threads host threads the backend may use (the JVM backend's kernel threads)
     */
    KernelBackend create(int deviceIndex, int threads);
}
