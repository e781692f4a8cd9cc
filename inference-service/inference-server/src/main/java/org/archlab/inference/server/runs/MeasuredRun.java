package org.archlab.inference.server.runs;

import org.archlab.inference.server.models.ModelSource;

import java.time.Instant;
import java.util.UUID;

/** One measured run and where it stands; its state changes only on the run worker's thread. */
final class MeasuredRun {

    enum Status { QUEUED, RUNNING, SUCCEEDED, FAILED }

    private final String id = UUID.randomUUID().toString();
    private final RunRequest request;
    private final ModelSource source;
    private volatile Status status = Status.QUEUED;
    private volatile String error;
    private volatile RunResult result;
    private volatile Instant finishedAt;

    MeasuredRun(RunRequest request, ModelSource source) {
        this.request = request;
        this.source = source;
    }

    void start() {
        status = Status.RUNNING;
    }

    void succeed(RunResult result) {
        this.result = result;
        finish(Status.SUCCEEDED);
    }

    void fail(String error) {
        this.error = error;
        finish(Status.FAILED);
    }

    private void finish(Status status) {
        this.finishedAt = Instant.now();
        this.status = status;
    }

    String id() {
        return id;
    }

    RunRequest request() {
        return request;
    }

    ModelSource source() {
        return source;
    }

    Status status() {
        return status;
    }

    String error() {
        return error;
    }

    RunResult result() {
        return result;
    }

    /** When it succeeded or failed; null while it has not. */
    Instant finishedAt() {
        return finishedAt;
    }
}
