package org.archlab.inference.server.runs;

/**
 * A run as {@code /api/v1/runs} shows it (docs/api/runs.md).
 *
 * @param queuePosition runs ahead of this one (0 = next) while it is QUEUED; null otherwise
 * @param error         why it failed; null unless FAILED
 * @param result        what it measured; null unless SUCCEEDED
 */
public record RunView(String id, String status, Integer queuePosition, String error, RunRequest request, RunResult result) {
}
