package org.archlab.inference.server.runs;

/**
 * Published when a run has finished, with the monotonic times it held the device: listeners (and tests) can
 * see that runs never overlap.
 */
public record RunFinished(String id, String status, long startNanos, long endNanos) {
}
