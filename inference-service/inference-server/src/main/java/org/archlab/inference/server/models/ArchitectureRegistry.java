package org.archlab.inference.server.models;

import org.archlab.architecture.json.SpecJson;
import org.archlab.inference.server.InferenceProperties;
import org.archlab.inference.server.problems.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry-service, asked for an architecture's spec over HTTP. Revisions are immutable, so a pinned
 * {@code name@revision} is asked once; a bare name is asked every time, so a new revision is seen at once.
 */
@Component
class ArchitectureRegistry {

    private final RestClient http;
    private final String base;
    private final Duration retryAfter;
    private final Map<String, RegistryArchitecture> pinned = new ConcurrentHashMap<>();

    ArchitectureRegistry(InferenceProperties properties) {
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        var requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(Duration.ofSeconds(10));
        this.base = properties.registryUrl().toString();
        this.http = RestClient.builder().baseUrl(base).requestFactory(requests).build();
        this.retryAfter = properties.limits().retryAfter();
    }

    /**
     * @param revision null for the latest
     * @throws ApiProblem 404 when the registry has no such architecture, 503 when it cannot be reached
     */
    RegistryArchitecture fetch(String name, Integer revision, String field) {
        String key = name + "@" + revision;
        if (revision != null && pinned.containsKey(key)) {
            return pinned.get(key);
        }
        String body;
        try {
            body = http.get().uri(uri -> {
                var builder = uri.path("/api/v1/architectures/{name}");
                if (revision != null) {
                    builder.queryParam("revision", revision);
                }
                return builder.build(name);
            }).retrieve().body(String.class);
        } catch (HttpClientErrorException.NotFound e) {
            throw ApiProblem.field(HttpStatus.NOT_FOUND, field, "'" + name + (revision == null ? "" : "@" + revision)
                    + "' is neither a registered checkpoint nor an architecture in the registry", "model_not_found");
        } catch (RestClientException e) {
            throw ApiProblem.busy(HttpStatus.SERVICE_UNAVAILABLE, "the architecture registry at " + base
                    + " cannot be asked for '" + name + "': " + e.getMostSpecificCause(), "registry_unavailable", retryAfter);
        }
        RegistryArchitecture architecture = parse(name, body);
        if (revision != null) {
            pinned.put(key, architecture);
        }
        return architecture;
    }

    private RegistryArchitecture parse(String name, String body) {
        try {
            JsonNode json = SpecJson.mapper().readTree(body == null ? "" : body);
            if (json == null || !json.path("spec").isObject()) {
                throw new IllegalArgumentException("it holds no spec");
            }
            return new RegistryArchitecture(json.path("name").asString(name), json.path("revision").asInt(1),
                    SpecJson.read(json.get("spec")));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new ApiProblem(HttpStatus.BAD_GATEWAY, "the registry's answer for '" + name + "' is not an architecture: "
                    + e.getMessage(), List.of(), "registry_unavailable", null);
        }
    }
}
