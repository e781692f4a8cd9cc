package org.archlab.registry;

import org.archlab.testsupport.HostileGguf;
import org.archlab.testsupport.RealPostgres;
import org.archlab.testsupport.TestData;
import org.archlab.testsupport.ThreadAllocation;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The abuse probe of issue 16 against a running registry: GGUF uploads whose 117-byte header declares a
 * 16M-element array once cost 128 MB each and, sixteen at a time, ended in OutOfMemoryError and 500s.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealPostgres(database = "registry_api")
class GgufImportFloodIT {

    private static final int UPLOADS = 16;

    @LocalServerPort
    int port;

    @Test
    void sixteen_concurrent_uploads_declaring_sixteen_million_elements_get_422_and_cost_what_they_sent() throws Exception {
        var api = new Api(port);
        byte[] upload = HostileGguf.sixteenMillionElementArray();
        var responses = new ArrayList<Api.Response>();
        long allocated = ThreadAllocation.ofAllThreadsDuring(() -> responses.addAll(uploadAtOnce(api, upload)));

        assertThat(responses).hasSize(UPLOADS).allSatisfy(response -> {
            assertThat(response.status()).isEqualTo(422);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            var error = response.json().get("errors").get(0);
            assertThat(error.get("field").stringValue()).isEqualTo("tokenizer.ggml.token_type");
            assertThat(error.get("message").stringValue()).contains("16777216 elements declared").contains("budget");
        });
        // Each upload once allocated its declared 128 MB; what the server may spend now is per request, not per claim.
        assertThat(allocated).as("bytes allocated by all threads while the uploads ran").isLessThan(64L << 20);

        assertThat(api.get("/actuator/health").status()).isEqualTo(200);
        var real = api.postBytes("/api/v1/architectures/import?format=gguf&name=after-flood-" + UUID.randomUUID().toString().substring(0, 8),
                Files.readAllBytes(TestData.fixture("qwen3.gguf")));
        assertThat(real.status()).isEqualTo(201);
    }

    private static List<Api.Response> uploadAtOnce(Api api, byte[] upload) {
        var start = new CountDownLatch(1);
        try (var threads = Executors.newFixedThreadPool(UPLOADS)) {
            var uploads = new ArrayList<CompletableFuture<Api.Response>>();
            for (int i = 0; i < UPLOADS; i++) {
                String name = "flood-" + i;
                uploads.add(CompletableFuture.supplyAsync(() -> {
                    awaitStart(start);
                    return api.postBytes("/api/v1/architectures/import?format=gguf&name=" + name, upload);
                }, threads));
            }
            start.countDown();
            return uploads.stream().map(CompletableFuture::join).toList();
        }
    }

    private static void awaitStart(CountDownLatch start) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
