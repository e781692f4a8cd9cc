package org.archlab.benchmark.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.UUID;

/**
 * The value of a {@code benchmark-jobs} record: one architecture at one context length, with everything a
 * worker needs to ask for the run. Keyed by task id, so one job's tasks spread over the partitions. A
 * field a newer producer adds is ignored (the service's mapper refuses unknown fields in requests), so it cannot
 * turn a queued task into a poison message.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskMessage(
        int schemaVersion,
        UUID taskId,
        UUID jobId,
        String architecture,
        int contextLength,
        String weights,
        String dtype,
        String backend,
        int promptTokens,
        int generateTokens,
        int batch,
        int repeats,
        int warmup,
        long seed) {

    public static final int SCHEMA_VERSION = 1;
}
