package org.archlab.gateway;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class RoutingTest {

    /** Three plain HTTP servers standing in for the services; each answers with its own name and the path it saw. */
    static final HttpServer registry = echo("registry");
    static final HttpServer inference = echo("inference");
    static final HttpServer benchmark = echo("benchmark");

    @Autowired
    WebTestClient client;

    @DynamicPropertySource
    static void downstreams(DynamicPropertyRegistry properties) {
        properties.add("ARCHLAB_REGISTRY_URL", () -> url(registry));
        properties.add("ARCHLAB_INFERENCE_URL", () -> url(inference));
        properties.add("ARCHLAB_BENCHMARK_URL", () -> url(benchmark));
    }

    @AfterAll
    static void stop() {
        registry.stop(0);
        inference.stop(0);
        benchmark.stop(0);
    }

    @Test
    void each_path_reaches_its_service_unrewritten() {
        expect("/api/v1/architectures/qwen3-0.6b", "registry /api/v1/architectures/qwen3-0.6b");
        expect("/v1/models", "inference /v1/models");
        expect("/api/v1/runs", "inference /api/v1/runs");
        expect("/api/v1/benchmarks/42", "benchmark /api/v1/benchmarks/42");
        expect("/dashboard/", "benchmark /dashboard/");
    }

    @Test
    void gateway_reports_its_own_health() {
        client.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    private void expect(String path, String body) {
        client.get().uri(path).exchange().expectStatus().isOk().expectBody(String.class).isEqualTo(body);
    }

    private static HttpServer echo(String name) {
        try {
            var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = (name + " " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
