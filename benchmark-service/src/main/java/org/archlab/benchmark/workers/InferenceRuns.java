package org.archlab.benchmark.workers;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.json.JsonMapper;

/** inference-service's measured-runs API (docs/api/runs.md): ask for a run, then follow it. */
@Component
class InferenceRuns {

    private static final String SERVICE = "inference-service";

    private final RestClient http;
    private final JsonMapper json;

    InferenceRuns(ServiceUrls urls, JsonMapper json) {
        this.http = ServiceCall.client(urls.inferenceUrl());
        this.json = json;
    }

    /** Asks for a run; the same requestId returns the run already made for it. */
    RunReport submit(RunReport.Request request) {
        String body = ServiceCall.call(SERVICE, () -> http.post().uri("/api/v1/runs")
                .contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(request))
                .retrieve().body(String.class));
        return json.readValue(body, RunReport.class);
    }

    /** The memory budget inference-service states for a run's model ({@code GET /api/v1/runs/capabilities}): what a fitted variant must fit. */
    long memoryBudgetBytes() {
        String body = ServiceCall.call(SERVICE, () -> http.get().uri("/api/v1/runs/capabilities").retrieve().body(String.class));
        var budget = json.readTree(body).path("memoryBudgetBytes");
        if (!budget.isIntegralNumber()) {
            throw new PermanentFailure(SERVICE + " states no memoryBudgetBytes, so no variant can be fitted to it");
        }
        return budget.longValue();
    }

    /** The run's state; a run the service no longer knows (it restarted) is asked for again by redelivery. */
    RunReport get(String id) {
        try {
            String body = ServiceCall.call(SERVICE, () -> http.get().uri("/api/v1/runs/{id}", id).retrieve().body(String.class));
            return json.readValue(body, RunReport.class);
        } catch (PermanentFailure e) {
            if (e.getCause() instanceof RestClientResponseException response && response.getStatusCode().value() == 404) {
                throw new TransientFailure(SERVICE + " no longer knows run " + id, e);
            }
            throw e;
        }
    }
}
