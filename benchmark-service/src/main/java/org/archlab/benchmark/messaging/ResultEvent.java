package org.archlab.benchmark.messaging;

import java.util.UUID;

/** The value of a {@code benchmark-results} record, published once per stored result (key: task id). */
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
        boolean trusted) {

    public static final int SCHEMA_VERSION = 1;
}
