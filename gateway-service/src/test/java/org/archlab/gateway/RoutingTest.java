package org.archlab.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingTest extends EchoServicesTest {

    @LocalServerPort
    int port;

    @Test
    void each_path_reaches_its_service_unrewritten() {
        expect("/api/v1/architectures/qwen3-0.6b", "registry GET /api/v1/architectures/qwen3-0.6b");
        expect("/api/v1/architectures/import", "registry GET /api/v1/architectures/import");
        expect("/v1/models", "inference GET /v1/models");
        expect("/api/v1/models/my-llama", "inference GET /api/v1/models/my-llama");
        expect("/api/v1/runs", "inference GET /api/v1/runs");
        expect("/tokenizer_info", "inference GET /tokenizer_info");
        expect("/api/v1/benchmarks/42", "benchmark GET /api/v1/benchmarks/42");
        expect("/api/v1/dashboard/compare", "benchmark GET /api/v1/dashboard/compare");
    }

    @Test
    void health_and_the_dashboard_page_need_no_key() {
        client.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        client.get().uri("/dashboard/").exchange().expectStatus().isOk()
                .expectBody(String.class).isEqualTo("benchmark GET /dashboard/");
        client.get().uri("/dashboard/lib/chart.js/dist/chart.umd.js").exchange().expectStatus().isOk();
    }

    @Test
    void the_explorer_lands_at_the_root_and_loads_without_a_key_from_the_gateway_itself() {
        int before = registry.received().size() + benchmark.received().size();
        client.get().uri("/").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).value(page -> assertThat(page).contains("id=\"api-key\"", "/explorer/app.js"));
        client.get().uri("/explorer/app.js").exchange().expectStatus().isOk();
        client.get().uri("/explorer/lib/chart.js/dist/chart.umd.js").exchange().expectStatus().isOk();
        assertThat(registry.received().size() + benchmark.received().size()).isEqualTo(before);
        // Only reading is public: the same paths written to need a key.
        client.post().uri("/").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void a_path_no_service_serves_is_a_404_problem() {
        get("/api/v2/nothing", TestKeys.READER).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("not_found");
    }

    @Test
    void a_request_id_sent_by_the_client_reaches_the_service_and_comes_back() {
        get("/api/v1/architectures", TestKeys.READER).header("X-Request-Id", "client-chosen-42").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Request-Id", "client-chosen-42");
        assertThat(registry.last().header("X-Request-Id")).isEqualTo("client-chosen-42");
    }

    @Test
    void a_request_without_an_id_gets_one_that_the_service_sees_too() {
        var response = get("/api/v1/benchmarks", TestKeys.READER).exchange().expectStatus().isOk().returnResult(String.class);
        String id = response.getResponseHeaders().getFirst("X-Request-Id");
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(benchmark.last().header("X-Request-Id")).isEqualTo(id);
    }

    @Test
    void an_id_unfit_for_a_log_line_is_replaced() {
        String sent = "x".repeat(200);
        var response = get("/api/v1/benchmarks", TestKeys.READER).header("X-Request-Id", sent).exchange().returnResult(String.class);
        assertThat(response.getResponseHeaders().getFirst("X-Request-Id")).isNotEqualTo(sent).hasSize(36);
    }

    @Test
    void the_callers_trace_continues_in_the_service() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        get("/api/v1/architectures", TestKeys.READER).header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").exchange()
                .expectStatus().isOk();
        String forwarded = registry.last().header("traceparent");
        assertThat(forwarded).startsWith("00-" + traceId + "-").doesNotContain("00f067aa0ba902b7");
    }

    @Test
    void a_body_over_the_limit_is_refused_before_it_reaches_the_service() {
        int before = registry.received().size();
        client.post().uri("/api/v1/architectures").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestKeys.WRITER)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"pad\":\"" + "x".repeat(3 << 20) + "\"}")
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("request_too_large").jsonPath("$.errors[0].field").isEqualTo("body");
        assertThat(registry.received()).hasSize(before);
    }

    @Test
    void an_import_may_be_larger_than_the_usual_limit() {
        client.post().uri("/api/v1/architectures/import").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestKeys.WRITER)
                .contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue(new byte[3 << 20])
                .exchange()
                .expectStatus().isOk();
    }

    @Test
    @Timeout(60)
    void a_server_sent_event_stream_passes_through_event_by_event() throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestKeys.WRITER)
                .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true}")).build();
        try {
            var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            var lines = response.body().iterator();
            // The stand-in holds the second event back until the first has arrived here: a buffering gateway never gets past this line.
            assertThat(lines.next()).isEqualTo("data: first");
            inference.releaseStream();
            var rest = new StringBuilder();
            lines.forEachRemaining(line -> rest.append(line).append('\n'));
            assertThat(rest.toString()).contains("data: second", "data: [DONE]");
        } finally {
            // Only this test holds the stream back; never leave the stand-in waiting (the latch opens once).
            inference.releaseStream();
        }
    }

    @Test
    @Timeout(60)
    void an_upload_reaches_the_service_while_the_client_is_still_sending_it() throws Exception {
        var firstBytesArrived = registry.nextUpload();
        // The second half is sent only once the first has reached the service: a gateway that holds a body back
        // until it is complete (to replay it, or to count it) never gets there, however large its limit.
        var secondHalf = new InputStream() {
            private InputStream rest;

            @Override
            public int read() throws IOException {
                return rest().read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return rest().read(buffer, offset, length);
            }

            private InputStream rest() throws IOException {
                if (rest == null) {
                    try {
                        if (!firstBytesArrived.await(20, TimeUnit.SECONDS)) {
                            throw new IOException("the first half of the upload never reached the service");
                        }
                    } catch (InterruptedException e) {
                        throw new InterruptedIOException();
                    }
                    rest = new ByteArrayInputStream(new byte[1 << 20]);
                }
                return rest;
            }
        };
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/architectures/import?format=gguf&name=held-back"))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestKeys.WRITER)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(new ByteArrayInputStream(new byte[1 << 20]), secondHalf)))
                .build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(registry.last().path()).isEqualTo("/api/v1/architectures/import");
    }

    @Test
    void an_encoded_space_in_a_query_value_reaches_the_service_as_sent() throws Exception {
        // An '=' inside a value once made the gateway judge the query unencoded and encode it again (%20 -> %2520).
        String query = "label=a%20b&family=x%2By&where=size=small";
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/architectures?" + query))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestKeys.READER).GET().build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(registry.last().rawQuery()).isEqualTo(query);
    }

    private void expect(String path, String body) {
        get(path, TestKeys.READER).exchange().expectStatus().isOk().expectBody(String.class).isEqualTo(body);
    }
}
