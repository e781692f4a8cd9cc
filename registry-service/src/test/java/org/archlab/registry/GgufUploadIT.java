package org.archlab.registry;

import org.archlab.testsupport.RealPostgres;
import org.archlab.testsupport.TestData;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GGUF uploads as a raw HTTP client sends them, so the test controls what is sent when: an upload is answered
 * as soon as its header is in, and one its client abandons halfway is nobody's error.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealPostgres(database = "registry_uploads")
@ExtendWith(OutputCaptureExtension.class)
class GgufUploadIT {

    @LocalServerPort
    int port;

    @Test
    void a_gguf_upload_is_answered_once_its_header_is_in_without_waiting_for_the_rest() throws IOException {
        byte[] checkpoint = Files.readAllBytes(TestData.fixture("qwen3.gguf"));
        try (var socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            // Declares 8 GiB and sends only the fixture: a registry that read on would answer only when this socket times out.
            sendStart(socket, "qwen3-header-only-" + UUID.randomUUID(), 8L << 30, checkpoint);
            var answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(answer.readLine()).startsWith("HTTP/1.1 201");
            var headers = answer.lines().takeWhile(line -> !line.isEmpty()).map(String::toLowerCase).toList();
            // The rest is not wanted: the connection ends with this answer, which says where it ends itself.
            assertThat(headers).contains("connection: close").anyMatch(header -> header.startsWith("content-length: "));
        }
    }

    @Test
    void an_upload_abandoned_by_its_client_is_logged_as_abandoned_not_as_an_error(CapturedOutput output) throws IOException {
        String name = "abandoned-" + UUID.randomUUID();
        byte[] headerStart = Arrays.copyOf(Files.readAllBytes(TestData.fixture("qwen3.gguf")), 1000);
        try (var socket = new Socket("localhost", port)) {
            sendStart(socket, name, 1L << 30, headerStart);
        }
        Awaitility.await("the abandoned upload logged").atMost(Duration.ofSeconds(30))
                .until(() -> output.getOut().contains("Import of '" + name + "' (gguf) abandoned by its client"));
        assertThat(output.getAll()).doesNotContain("ClientAbortException").doesNotContain("Servlet.service()");
    }

    private static void sendStart(Socket socket, String name, long declaredLength, byte[] firstBytes) throws IOException {
        var out = socket.getOutputStream();
        out.write(("POST /api/v1/architectures/import?format=gguf&name=" + name + " HTTP/1.1\r\n"
                + "Host: localhost\r\nContent-Type: application/octet-stream\r\nContent-Length: " + declaredLength + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(firstBytes);
        out.flush();
    }
}
