package org.archlab.testsupport;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends what a careless or hostile client sends to a service's own port (broken JSON, unknown fields, repeated
 * keys, oversized bodies, paths no one serves) and checks that every answer has the platform's one problem shape:
 * {@code application/problem+json} with {@code type}, {@code title}, {@code status}, {@code detail}, {@code code}
 * and {@code errors[]} naming the offending fields.
 */
public final class ProblemProbe {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A service's answer. */
    public record Answer(int status, String contentType, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        /** The fields the problem's {@code errors[]} names, in order. */
        public List<String> fields() {
            var fields = new ArrayList<String>();
            json().path("errors").forEach(error -> fields.add(error.path("field").asString()));
            return fields;
        }
    }

    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;

    public ProblemProbe(int port) {
        this.base = "http://localhost:" + port;
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Answer post(String path, String json) {
        return send("POST", path, "application/json", json);
    }

    public Answer send(String method, String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A JSON object of about {@code bytes} bytes: one long string. */
    public static String jsonOfSize(int bytes) {
        return "{\"padding\": \"" + "x".repeat(bytes) + "\"}";
    }

    /** Asserts the shared problem shape, its status and code and, when given, exactly the fields it names. */
    public static void assertProblem(Answer answer, int status, String code, String... fields) {
        assertThat(answer.status()).as("status of %s", answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).as("content type of %s", answer.body()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.path("type").asString()).as("type in %s", answer.body()).isEqualTo("urn:archlab:problem:" + code);
        assertThat(problem.path("title").isString()).as("title in %s", answer.body()).isTrue();
        assertThat(problem.path("status").intValue()).isEqualTo(status);
        assertThat(problem.path("detail").isString()).as("detail in %s", answer.body()).isTrue();
        assertThat(problem.path("code").asString()).as("code in %s", answer.body()).isEqualTo(code);
        if (fields.length > 0) {
            assertThat(answer.fields()).as("errors[] of %s", answer.body()).containsExactly(fields);
        }
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            var response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
