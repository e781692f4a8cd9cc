package org.archlab.benchmark.workers;

import org.archlab.benchmark.messaging.TaskMessage;
import org.archlab.benchmark.results.Theory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Optional;

/** The registry's analysis of an architecture ({@code GET /api/v1/architectures/{name}/analysis}). */
@Component
class RegistryAnalyses {

    private static final String SERVICE = "registry-service";

    private final RestClient http;
    private final JsonMapper json;
    private final String kvDtype;

    RegistryAnalyses(ServiceUrls urls, JsonMapper json, WorkerProperties properties) {
        this.http = ServiceCall.client(urls.registryUrl());
        this.json = json;
        this.kvDtype = properties.kvDtype();
    }

    /**
     * The theoretical figures for the task's spec, context, weight dtype and batch. A name the registry does
     * not know fails the task for random weights (nothing to build); a checkpoint simply has no theory.
     */
    Theory theoryFor(TaskMessage task) {
        String[] nameAndRevision = task.architecture().split("@", 2);
        try {
            String body = ServiceCall.call(SERVICE, () -> http.get()
                    .uri(uri -> uri.path("/api/v1/architectures/{name}/analysis")
                            .queryParam("context", task.contextLength()).queryParam("weightDtype", task.dtype())
                            .queryParam("kvDtype", kvDtype).queryParam("batch", task.batch())
                            .queryParamIfPresent("revision", Optional.ofNullable(nameAndRevision.length > 1 ? nameAndRevision[1] : null))
                            .build(nameAndRevision[0]))
                    .retrieve().body(String.class));
            return theory(json.readTree(body));
        } catch (PermanentFailure e) {
            if ("model".equals(task.weights())) {
                return Theory.UNKNOWN;
            }
            throw new PermanentFailure("the registry has no architecture " + task.architecture() + " (" + e.getMessage() + ")", e);
        }
    }

    private static Theory theory(JsonNode analysis) {
        return new Theory(integer(analysis.path("revision")), number(analysis.path("parameters").path("total")),
                number(analysis.path("parameters").path("active")), number(analysis.path("kvCache").path("totalBytes")),
                number(analysis.path("weights").path("bytes")));
    }

    private static Long number(JsonNode node) {
        return node.isNumber() ? node.longValue() : null;
    }

    private static Integer integer(JsonNode node) {
        return node.isNumber() ? node.intValue() : null;
    }
}
