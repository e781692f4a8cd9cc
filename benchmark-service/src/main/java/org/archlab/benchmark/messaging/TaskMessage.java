package org.archlab.benchmark.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.archlab.benchmark.jobs.Scale;

import java.util.UUID;

/**
 * The value of a {@code benchmark-jobs} record: one architecture at one context length and batch size, with everything a
 * worker needs to ask for the run. Keyed by task id, so one job's tasks spread over the partitions. A
 * field a newer producer adds is ignored (the service's mapper refuses unknown fields in requests), so it cannot
 * turn a queued task into a poison message. A scaled job's task names the original architecture, its {@code scale}
 * and, for {@code fit}, the job's longest context and largest batch: the worker has the registry derive the variant
 * (the same one for every task of the job) and runs that. A task queued before jobs fitted their batch has no
 * {@code fitBatch} and fits at batch 1, as it did. {@code kvDtype} is the KV cache format the job asked its runs for;
 * null where it asked for none, and in a task queued before jobs could: the run keeps inference-service's default.
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
        long seed,
        Scale scale,
        Integer fitContext,
        Integer fitBatch,
        String kvDtype) {

    public static final int SCHEMA_VERSION = 1;

    /** A task of a job that runs its architectures as registered (and one queued before jobs could scale). */
    public TaskMessage {
        scale = scale == null ? Scale.NONE : scale;
        fitBatch = fitBatch == null ? 1 : fitBatch;
    }
}
