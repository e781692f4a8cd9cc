package org.archlab.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** The gateway's one line per request says what became of it. */
class RequestLogTest extends EchoServicesTest {

    @LocalServerPort
    int port;

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void a_request_whose_client_hangs_up_before_the_answer_is_logged_as_abandoned(CapturedOutput output) throws IOException {
        int before = registry.received().size();
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(("GET /api/v1/architectures/abandoned/hang HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + TestKeys.READER + "\r\nX-Request-Id: hung-up-1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.received().size() > before);
            socket.setSoLinger(true, 0);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains(
                "hung-up-1 GET /api/v1/architectures/abandoned/hang -> 499 abandoned (client closed the connection)"));
    }
}
