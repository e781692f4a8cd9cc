package org.archlab.e2e;

import org.archlab.testsupport.TestData;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the gateway does with what users and operators do to it, every service a real process: checkpoints of
 * gigabytes uploaded for import pass through it as a stream, and a service killed with {@code kill -9} and started
 * again is served again as soon as its circuit breaker's wait in the open state allows. One platform for both, as
 * starting one takes minutes on two cores.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayUploadsAndOutagesIT extends PlatformTest {

    private static final long UPLOAD_BYTES = 3L << 30;
    /** The gateway's {@code wait-duration-in-open-state}: how long an open circuit refuses calls before it tries again. */
    private static final Duration WAIT_IN_OPEN_STATE = Duration.ofSeconds(2);
    private static final String SERVED = "/api/v1/architectures/qwen3-0.6b";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Order(1)
    void two_gguf_uploads_of_3_gib_at_once_are_imported_while_the_gateway_holds_little_of_them() throws Exception {
        Path checkpoint = checkpointOf(UPLOAD_BYTES);
        try {
            long peakBefore = platform.peakResidentBytes("gateway");
            var started = Instant.now();
            var uploads = IntStream.range(0, 2).mapToObj(i -> upload(checkpoint, "qwen3-uploaded-" + i)).toList();
            CompletableFuture.allOf(uploads.toArray(CompletableFuture[]::new)).join();
            long peakAfter = platform.peakResidentBytes("gateway");
            System.out.printf("two uploads of %d bytes each: %d ms; gateway peak resident memory %d MiB before, %d MiB after%n",
                    UPLOAD_BYTES, Duration.between(started, Instant.now()).toMillis(), peakBefore >> 20, peakAfter >> 20);

            for (var upload : uploads) {
                var response = upload.join();
                assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
                assertThat(Gateway.JSON.readTree(response.body()).get("spec").get("layers").intValue()).isPositive();
            }
            // Six gigabytes went in; a gateway that held them (to replay or to count a body) would hold gigabytes.
            assertThat(peakAfter - peakBefore).isLessThan(256L << 20);
            assertThat(platform.log("gateway")).doesNotContain("OutOfDirectMemoryError", "OutOfMemoryError");
        } finally {
            Files.deleteIfExists(checkpoint);
        }
    }

    @Test
    @Order(2)
    void a_registry_killed_and_started_again_is_served_within_the_circuits_wait_and_a_burst_then_passes() {
        try (var traffic = new SteadyTraffic(gateway, SERVED, Duration.ofMillis(250))) {
            Awaitility.await("the registry served").atMost(Duration.ofSeconds(30)).until(() -> traffic.lastStatus() == 200);

            platform.kill("registry");
            Awaitility.await("the registry's circuit open").atMost(Duration.ofSeconds(30)).until(traffic::sawCircuitOpen);
            Instant ready = platform.restart("registry");
            Instant served = Awaitility.await("the gateway serving the registry again").atMost(Duration.ofMinutes(1))
                    .until(() -> traffic.firstSuccessAfter(ready), answer -> answer != null);
            // A half-open round that began while the registry was still down ends, by its count of failed trial calls,
            // in a last wait: so a burst is served at worst one round (5 trial calls of the steady traffic) and one
            // wait after the registry is back.
            var bursts = new ArrayList<List<Integer>>();
            Awaitility.await("a burst of 16 served").atMost(WAIT_IN_OPEN_STATE.multipliedBy(2).plusSeconds(5))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        List<Integer> burst = burst(16);
                        bursts.add(burst);
                        return burst.stream().filter(status -> status != 200).count() <= burst.size() / 4;
                    });
            Instant burstServed = Instant.now();

            Duration recovery = Duration.between(ready, served);
            System.out.printf("registry ready again -> gateway serving it: %d ms, a burst of 16 served: %d ms; bursts %s%n",
                    recovery.toMillis(), Duration.between(ready, burstServed).toMillis(), bursts);
            // At worst the circuit had just opened again when the registry became ready: it waits, then lets trial calls through.
            assertThat(recovery).isLessThanOrEqualTo(WAIT_IN_OPEN_STATE.plusSeconds(3));
        }
    }

    /** A copy of a real GGUF fixture grown to {@code size} bytes by a sparse tail: a real header, gigabytes that take no disk. */
    private static Path checkpointOf(long size) throws IOException {
        Path file = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "sparse-", ".gguf");
        Files.copy(TestData.fixture("qwen3.gguf"), file, StandardCopyOption.REPLACE_EXISTING);
        try (var raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
        return file;
    }

    private CompletableFuture<HttpResponse<String>> upload(Path checkpoint, String name) {
        try {
            var request = HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/api/v1/architectures/import?format=gguf&name=" + name))
                    .header("Authorization", "Bearer " + platform.apiKey())
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofFile(checkpoint)).build();
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Integer> burst(int requests) {
        var calls = IntStream.range(0, requests)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> gateway.get(SERVED).status()))
                .toList();
        return calls.stream().map(CompletableFuture::join).toList();
    }
}
