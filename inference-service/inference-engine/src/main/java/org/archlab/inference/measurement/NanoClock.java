package org.archlab.inference.measurement;

/**
 * Where a measurement reads the time: {@link #system()} in production, a scripted clock in tests, so that the
 * figures a timeline derives can be checked exactly.
 */
@FunctionalInterface
public interface NanoClock {

    /** A monotonic reading in nanoseconds; only differences between readings mean anything. */
    long nanoTime();

    static NanoClock system() {
        return System::nanoTime;
    }
}
