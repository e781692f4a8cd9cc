package org.archlab.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A plain HTTP server standing in for a service behind the gateway. It answers {@code <name> <METHOD> <path>},
 * remembers what it was sent, and has two special paths: {@code /v1/chat/completions} streams two
 * Server-Sent Events with a pause between them that only {@link #releaseStream()} ends,
 * a path ending in {@code /hang} never answers until the server stops, and {@link #nextUpload()} says when
 * the first byte of the next request body has arrived, before the rest is read.
 */
final class StandIn implements AutoCloseable {

    /** What the stand-in received. */
    record Received(String method, String path, String rawQuery, Map<String, List<String>> headers) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private final String name;
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch streamReleased = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<CountDownLatch> uploadStarted = new AtomicReference<>(new CountDownLatch(0));

    StandIn(String name) {
        this.name = name;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::answer);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Received> received() {
        return received;
    }

    Received last() {
        return received.getLast();
    }

    /** A latch that opens when the first byte of the next request body reaches this service. */
    CountDownLatch nextUpload() {
        var started = new CountDownLatch(1);
        uploadStarted.set(started);
        return started;
    }

    void releaseStream() {
        streamReleased.countDown();
    }

    /** An address where nothing listens: a service that is down. */
    static String down() {
        try (var socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        var upload = exchange.getRequestBody();
        if (upload.read() >= 0) {
            uploadStarted.get().countDown();
        }
        upload.readAllBytes();
        received.add(new Received(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders())));
        try (exchange) {
            if (path.endsWith("/hang")) {
                await(stopped);
            } else if (path.equals("/v1/chat/completions")) {
                stream(exchange);
            } else {
                byte[] body = (name + " " + exchange.getRequestMethod() + " " + path).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        }
    }

    private void stream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        var out = exchange.getResponseBody();
        out.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        await(streamReleased);
        out.write("data: second\n\ndata: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopped.countDown();
        streamReleased.countDown();
        server.stop(0);
    }
}
