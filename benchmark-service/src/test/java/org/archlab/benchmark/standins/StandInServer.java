package org.archlab.benchmark.standins;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;

/** A real HTTP server on a free loopback port, for the stand-ins of the services benchmark-service calls. */
abstract class StandInServer {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;

    StandInServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                handle(exchange);
            } catch (RuntimeException e) {
                send(exchange, 500, Map.of("title", "stand-in failed", "detail", String.valueOf(e)));
            }
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    abstract void handle(HttpExchange exchange) throws IOException;

    static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static String body(HttpExchange exchange) throws IOException {
        return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The architecture name without a pinned revision: "qwen3@2" → "qwen3". */
    static String baseName(String model) {
        int at = model.indexOf('@');
        return at < 0 ? model : model.substring(0, at);
    }

    /** Figures both stand-ins agree on, so measured KV bytes equal the theoretical ones as in the real services. */
    static long kvBytesPerToken(String architecture) {
        return 16_384L * (1 + Math.floorMod(architecture.hashCode(), 4));
    }

    static long parameters(String architecture) {
        return 100_000_000L * (1 + Math.floorMod(architecture.hashCode(), 9));
    }
}
