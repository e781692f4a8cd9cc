package org.archlab.e2e;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/** A client of the platform as its users have it: the gateway's address and an API key, nothing else. */
final class Gateway {

    static final JsonMapper JSON = JsonMapper.builder().build();

    record Response(int status, HttpResponse<String> raw) {
        JsonNode json() {
            return JSON.readTree(raw.body());
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String key;

    Gateway(String base, String key) {
        this.base = base;
        this.key = key;
    }

    /** The same gateway without a key. */
    Gateway anonymous() {
        return new Gateway(base, null);
    }

    Response get(String path) {
        return send(request(path).GET());
    }

    Response post(String path, String json, String... headers) {
        var request = request(path).POST(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json");
        return send(headers.length == 0 ? request : request.headers(headers));
    }

    /** A Server-Sent Events answer: its status, content type and every line, read as they arrived. */
    record Streamed(int status, String contentType, List<String> lines) {
    }

    Streamed stream(String path, String json) {
        var request = request(path).POST(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream").build();
        try {
            var response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            return new Streamed(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body().toList());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        var builder = HttpRequest.newBuilder(URI.create(base + path));
        return key == null ? builder : builder.header("Authorization", "Bearer " + key);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
