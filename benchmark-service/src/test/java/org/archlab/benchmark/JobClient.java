package org.archlab.benchmark;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Submits benchmark jobs over HTTP and follows them until they settle. */
public record JobClient(Api api) {

    public JobClient(int port) {
        this(new Api(port));
    }

    /** Posts a job and returns its id; the post must be accepted. */
    public UUID submit(String json) {
        var response = api.post("/api/v1/benchmarks", json);
        assertThat(response.status()).as(response.raw().body()).isEqualTo(202);
        return UUID.fromString(response.json().get("id").stringValue());
    }

    public JsonNode job(UUID id) {
        return api.get("/api/v1/benchmarks/" + id).json();
    }

    /** Waits until the job's status is one of these, and returns the job. */
    public JsonNode awaitStatus(UUID id, String... statuses) {
        var wanted = Set.of(statuses);
        return await().atMost(Duration.ofSeconds(90)).until(() -> job(id), job -> wanted.contains(job.get("status").stringValue()));
    }

    /** A unique architecture name with a prefix that tells the stand-ins how to behave. */
    public static String architecture(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
