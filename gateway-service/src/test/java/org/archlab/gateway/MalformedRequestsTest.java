package org.archlab.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that fail before any filter sees them (Netty or Spring refuse the request line itself) are answered
 * with the same problem+json as everything else, never with an empty body. Sent over a raw socket, since an HTTP
 * client would encode what these requests are made of.
 */
class MalformedRequestsTest extends EchoServicesTest {

    @LocalServerPort
    int port;

    @Test
    void a_raw_bar_in_the_query_is_a_400_problem() throws IOException {
        String answer = send("GET /api/v1/architectures?names=a|b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("content-type: application/problem+json")
                .contains("\"code\":\"malformed_request\"").contains("\"status\":400");
    }

    @Test
    void a_query_too_long_for_the_request_line_is_a_414_problem() throws IOException {
        String answer = send("GET /api/v1/architectures?q=" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 414").containsIgnoringCase("content-type: application/problem+json")
                .contains("\"code\":\"uri_too_long\"").contains("\"status\":414");
    }

    private String send(String request) throws IOException {
        try (var socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
