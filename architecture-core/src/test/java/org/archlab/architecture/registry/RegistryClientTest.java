package org.archlab.architecture.registry;

import com.sun.net.httpserver.HttpServer;
import org.archlab.architecture.Catalog;
import org.archlab.architecture.json.SpecJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The one registry client, against a stand-in registry on a real socket. */
class RegistryClientTest {

    private final List<String> asked = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private RegistryClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String target = exchange.getRequestURI().toString();
            asked.add(target);
            var path = exchange.getRequestURI().getPath();
            int status;
            String body;
            if (path.equals("/api/v1/architectures/qwen3-0.6b")) {
                status = 200;
                body = "{\"name\":\"qwen3-0.6b\",\"revision\":2,\"spec\":" + SpecJson.write(Catalog.spec("qwen3-0.6b")) + "}";
            } else if (path.equals("/api/v1/architectures/qwen3-0.6b/analysis")) {
                status = 200;
                body = "{\"revision\":2,\"parameters\":{\"total\":751632384}}";
            } else if (path.equals("/api/v1/architectures/broken")) {
                status = 200;
                body = "{\"name\":\"broken\"}";
            } else if (path.equals("/api/v1/architectures/overloaded")) {
                status = 503;
                body = "busy";
            } else {
                status = 404;
                body = "{\"detail\":\"no such architecture\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        client = new RegistryClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void an_architecture_comes_with_its_name_revision_and_spec() {
        var architecture = client.architecture("qwen3-0.6b", null);

        assertThat(architecture.name()).isEqualTo("qwen3-0.6b");
        assertThat(architecture.revision()).isEqualTo(2);
        assertThat(architecture.spec()).isEqualTo(Catalog.spec("qwen3-0.6b"));
    }

    @Test
    void a_pinned_revision_is_asked_once_and_a_bare_name_every_time() {
        client.architecture("qwen3-0.6b", 2);
        client.architecture("qwen3-0.6b", 2);
        client.architecture("qwen3-0.6b", null);
        client.architecture("qwen3-0.6b", null);

        assertThat(asked).containsExactly("/api/v1/architectures/qwen3-0.6b?revision=2",
                "/api/v1/architectures/qwen3-0.6b", "/api/v1/architectures/qwen3-0.6b");
    }

    @Test
    void an_analysis_is_asked_with_its_parameters_and_without_the_missing_ones() {
        var query = new LinkedHashMap<String, Object>(Map.of("context", 4096));
        query.put("kvDtype", null);

        var analysis = client.analysis("qwen3-0.6b", 2, query);

        assertThat(analysis.path("parameters").path("total").longValue()).isEqualTo(751632384L);
        assertThat(asked).containsExactly("/api/v1/architectures/qwen3-0.6b/analysis?context=4096&revision=2");
    }

    @Test
    void an_unknown_name_is_not_found_and_not_worth_asking_again() {
        var failure = catchThrowableOfType(RegistryException.class, () -> client.architecture("nope", null));

        assertThat(failure.reason()).isEqualTo(RegistryException.Reason.NOT_FOUND);
        assertThat(failure.status()).isEqualTo(404);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure).hasMessageContaining("has no architecture 'nope'");
    }

    @Test
    void an_answer_without_a_spec_is_unreadable() {
        var failure = catchThrowableOfType(RegistryException.class, () -> client.architecture("broken", null));

        assertThat(failure.reason()).isEqualTo(RegistryException.Reason.UNREADABLE);
        assertThat(failure).hasMessageContaining("is not an architecture: it holds no spec");
    }

    @Test
    void a_server_error_is_worth_asking_again() {
        var failure = catchThrowableOfType(RegistryException.class, () -> client.architecture("overloaded", null));

        assertThat(failure.reason()).isEqualTo(RegistryException.Reason.REFUSED);
        assertThat(failure.status()).isEqualTo(503);
        assertThat(failure.retryable()).isTrue();
    }

    @Test
    void a_registry_that_is_not_there_is_unreachable_and_worth_asking_again() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var absent = new RegistryClient(URI.create("http://127.0.0.1:" + closedPort), Duration.ofSeconds(2), Duration.ofSeconds(2));

        var failure = catchThrowableOfType(RegistryException.class, () -> absent.architecture("qwen3-0.6b", null));

        assertThat(failure.reason()).isEqualTo(RegistryException.Reason.UNREACHABLE);
        assertThat(failure.status()).isZero();
        assertThat(failure.retryable()).isTrue();
    }

    @Test
    void whether_the_registry_knows_a_name_is_asked_without_reading_its_spec_and_an_outage_is_not_a_no() {
        assertThat(client.knows("qwen3-0.6b", null)).isTrue();
        assertThat(client.knows("broken", null)).isTrue();
        assertThat(client.knows("nothing-of-that-name", null)).isFalse();
        var outage = catchThrowableOfType(RegistryException.class, () -> client.knows("overloaded", null));
        assertThat(outage.retryable()).isTrue();
    }
}
