package org.archlab.benchmark;

import java.util.Map;

/** Polling and retry intervals short enough for tests, the same for every test application. */
public final class TestTimings {

    public static final Map<String, Object> PROPERTIES = Map.of(
            "archlab.benchmark.outbox.poll-interval", "100ms",
            "archlab.benchmark.worker.poll-interval", "50ms",
            "archlab.benchmark.worker.retry.initial-interval", "100ms",
            "archlab.benchmark.worker.retry.max-interval", "400ms",
            "archlab.benchmark.worker.retry.max-retries", "3");

    private TestTimings() {
    }
}
