package org.archlab.architecture.registry;

import org.archlab.architecture.json.SpecJson;
import org.archlab.architecture.spec.Scaling;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The registry-service's HTTP API as every other part of ArchLab asks it: an architecture's spec and its
 * analysis. Revisions are immutable, so a pinned {@code name@revision} is asked once; a bare name is asked every
 * time, so a new revision is seen at once.
 */
public final class RegistryClient {

    /** Where the registry listens when {@code ARCHLAB_REGISTRY_URL} does not say. */
    public static final String DEFAULT_URL = "http://localhost:8081";

    private final URI base;
    private final HttpClient http;
    private final Duration readTimeout;
    private final Map<String, RegistryArchitecture> pinned = new ConcurrentHashMap<>();

    public RegistryClient(URI base, Duration connectTimeout, Duration readTimeout) {
        this.base = URI.create(base.toString().replaceAll("/+$", ""));
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
        this.readTimeout = readTimeout;
    }

    /** The registry named by {@code ARCHLAB_REGISTRY_URL}, as the command-line tools reach it. */
    public static RegistryClient fromEnvironment() {
        String url = System.getenv().getOrDefault("ARCHLAB_REGISTRY_URL", DEFAULT_URL);
        return new RegistryClient(URI.create(url), Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /**
     * An architecture's spec ({@code GET /api/v1/architectures/{name}}).
     *
     * @param revision null for the latest
     * @throws RegistryException when the registry does not know it, cannot be reached or answers nonsense
     */
    public RegistryArchitecture architecture(String name, Integer revision) {
        String key = name + "@" + revision;
        RegistryArchitecture known = revision == null ? null : pinned.get(key);
        if (known != null) {
            return known;
        }
        var query = new LinkedHashMap<String, Object>();
        if (revision != null) {
            query.put("revision", revision);
        }
        JsonNode json = get(name, "/api/v1/architectures/" + encode(name), query);
        if (!json.path("spec").isObject()) {
            throw unreadable(name, "it holds no spec", null);
        }
        RegistryArchitecture architecture;
        try {
            architecture = new RegistryArchitecture(json.path("name").asString(name), json.path("revision").asInt(1),
                    SpecJson.read(json.get("spec")));
        } catch (JacksonException | IllegalArgumentException e) {
            throw unreadable(name, e.getMessage(), e);
        }
        if (revision != null) {
            pinned.put(key, architecture);
        }
        return architecture;
    }

    /**
     * Whether the registry has an architecture of this name (and revision), without reading its spec.
     *
     * @param revision null for any
     * @throws RegistryException when the registry cannot be reached or answers otherwise than with it or a 404
     */
    public boolean knows(String name, Integer revision) {
        var query = new LinkedHashMap<String, Object>();
        if (revision != null) {
            query.put("revision", revision);
        }
        try {
            get(name, "/api/v1/architectures/" + encode(name), query);
            return true;
        } catch (RegistryException e) {
            if (e.reason() == RegistryException.Reason.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /**
     * The registry's analysis of an architecture ({@code GET /api/v1/architectures/{name}/analysis}).
     *
     * @param revision null for the latest
     * @param query    the analysis parameters (context, weightDtype, kvDtype, batch); null values are left out
     * @throws RegistryException when the registry does not know it, cannot be reached or answers nonsense
     */
    public JsonNode analysis(String name, Integer revision, Map<String, ?> query) {
        var parameters = new LinkedHashMap<String, Object>(query);
        parameters.put("revision", revision);
        return get(name, "/api/v1/architectures/" + encode(name) + "/analysis", parameters);
    }

    /**
     * The scaled variant of an architecture's latest revision ({@code POST /api/v1/architectures/{name}/scaled-variants}),
     * registered by the registry if it is not yet: the same request returns the same variant.
     *
     * @param request {@code {"layers": N, "experts": E}} or {@code {"fit": {"budgetBytes": B, "context": C, "weightDtype": D}}}
     * @return the variant, or the architecture itself where it need not shrink (then without {@code scaling})
     * @throws RegistryException when the registry does not know it, refuses the request (a 422 when even the smallest
     *                           variant cannot fit), cannot be reached or answers nonsense
     */
    public ScaledArchitecture scaledVariant(String name, Map<String, ?> request) {
        String body = SpecJson.mapper().writeValueAsString(request);
        JsonNode json = send(name, HttpRequest.newBuilder(URI.create(base + "/api/v1/architectures/" + encode(name) + "/scaled-variants"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json"));
        JsonNode scaling = json.path("scaling");
        try {
            return new ScaledArchitecture(json.path("name").asString(name), json.path("revision").asInt(1),
                    scaling.isObject() ? SpecJson.mapper().treeToValue(scaling, Scaling.class) : null);
        } catch (JacksonException e) {
            throw unreadable(name, e.getOriginalMessage(), e);
        }
    }

    /** A scaled variant as the registry registered it; {@code scaling} is null where the architecture was kept whole. */
    public record ScaledArchitecture(String name, int revision, Scaling scaling) {
    }

    private JsonNode get(String name, String path, Map<String, ?> query) {
        String parameters = query.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue().toString()))
                .collect(Collectors.joining("&"));
        URI uri = URI.create(base + path + (parameters.isEmpty() ? "" : "?" + parameters));
        return send(name, HttpRequest.newBuilder(uri).GET());
    }

    private JsonNode send(String name, HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(readTimeout).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Reason.UNREACHABLE, 0,
                    "the registry at " + base + " cannot be reached for '" + name + "': " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(RegistryException.Reason.UNREACHABLE, 0,
                    "interrupted while asking the registry at " + base + " for '" + name + "'", e);
        }
        int status = response.statusCode();
        if (status == 404) {
            throw new RegistryException(RegistryException.Reason.NOT_FOUND, status,
                    "the registry at " + base + " has no architecture '" + name + "': " + response.body(), null);
        }
        if (status / 100 != 2) {
            throw new RegistryException(RegistryException.Reason.REFUSED, status,
                    "the registry at " + base + " answered " + status + " for '" + name + "': " + response.body(), null);
        }
        try {
            JsonNode json = SpecJson.mapper().readTree(response.body());
            if (json == null || !json.isObject()) {
                throw unreadable(name, "it is not a JSON object", null);
            }
            return json;
        } catch (JacksonException e) {
            throw unreadable(name, e.getOriginalMessage(), e);
        }
    }

    private RegistryException unreadable(String name, String why, Throwable cause) {
        return new RegistryException(RegistryException.Reason.UNREADABLE, 200,
                "the registry's answer for '" + name + "' is not an architecture: " + why, cause);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
