package org.archlab.benchmark.messaging;

import org.archlab.architecture.spec.Scaling;

import java.util.UUID;

/**
 * The value of a {@code benchmark-results} record, published once per stored result (key: task id). {@code architecture}
 * is the one the job named; a scaled task also names the variant it ran ({@code scaledArchitecture}, {@code name@revision})
 * and what the variant kept ({@code scaling}); both are null for an architecture run as registered. {@code kvDtype} is
 * the format the run kept its KV caches in, the one both KV byte counts are in (added within schema version 1: a reader
 * that ignores fields it does not know reads the events before and after alike).
 */
public record ResultEvent(
        int schemaVersion,
        long resultId,
        UUID taskId,
        UUID jobId,
        String architecture,
        int contextLength,
        double prefillTokensPerSecond,
        double decodeTokensPerSecond,
        long kvCacheBytes,
        Long theoreticalKvBytes,
        boolean trusted,
        String scaledArchitecture,
        Scaling scaling,
        String kvDtype) {

    public static final int SCHEMA_VERSION = 1;
}
