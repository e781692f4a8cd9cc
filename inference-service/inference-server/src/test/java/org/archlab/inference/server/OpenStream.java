package org.archlab.inference.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A completion held open over a raw socket: it keeps a generation running (holding its model's turn and a device
 * slot) until {@link #close()} hangs up without reading further — exactly what a client that goes away does. Streamed
 * ({@link #start}) or not ({@link #unanswered}).
 */
public final class OpenStream implements AutoCloseable {

    private final Socket socket;

    private OpenStream(Socket socket) {
        this.socket = socket;
    }

    /**
     * Starts the stream and returns once the first generated text has arrived.
     *
     * @param client the {@code X-ArchLab-Client} the gateway would send; null for a direct call
     */
    public static OpenStream start(int port, String model, int maxTokens, String client) {
        try {
            var socket = send(port, model, maxTokens, true, client);
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            if (status == null || !status.contains(" 200 ")) {
                socket.close();
                throw new IllegalStateException("the stream did not start: " + status);
            }
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("data: {")) {
                    return new OpenStream(socket);
                }
            }
            socket.close();
            throw new IllegalStateException("the stream ended before any text");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the stream of a direct call. */
    public static OpenStream start(int port, String model, int maxTokens) {
        return start(port, model, maxTokens, null);
    }

    /** Sends a completion that is not streamed and returns at once, leaving its answer unread. */
    public static OpenStream unanswered(int port, String model, int maxTokens) {
        try {
            return new OpenStream(send(port, model, maxTokens, false, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Socket send(int port, String model, int maxTokens, boolean stream, String client) throws IOException {
        var socket = new Socket(InetAddress.getLoopbackAddress(), port);
        byte[] body = ("{\"model\": \"" + model + "\", \"prompt\": \"Tell me a long story\", \"max_tokens\": " + maxTokens
                + ", \"temperature\": 0, \"stream\": " + stream + "}").getBytes(StandardCharsets.UTF_8);
        String head = "POST /v1/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + (client == null ? "" : "X-ArchLab-Client: " + client + "\r\n") + "Content-Length: " + body.length + "\r\n\r\n";
        var out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return socket;
    }

    /** Hangs up mid-stream (once). */
    @Override
    public void close() {
        if (socket.isClosed()) {
            return;
        }
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
