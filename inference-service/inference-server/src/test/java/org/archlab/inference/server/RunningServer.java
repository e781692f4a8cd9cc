package org.archlab.inference.server;

import org.archlab.inference.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server on a random port, configured as the integration tests need it: the repository's fixtures and one scratch
 * directory allowed for checkpoints, the {@link StandInRegistry} as its registry, and small limits so that
 * overload shows quickly. Subclasses share one application context (and its loaded models).
 */
@Import(RunLog.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "archlab.inference.default-context=1024",
        "archlab.inference.memory-budget=4GB",
        "archlab.inference.threads=2",
        "archlab.inference.load-mode=MAPPED",
        "archlab.inference.limits.max-generations=2",
        // One seat per model: the overload and fairness tests need a model that one generation keeps busy.
        "archlab.inference.max-batch=1",
        "archlab.inference.limits.queue-wait=1s",
        "archlab.inference.limits.retry-after=1s",
        "archlab.inference.limits.max-request-body=64KB",
        "archlab.inference.limits.max-prompts=8",
        "archlab.inference.limits.max-request-work=2000",
        "archlab.inference.runs.queue-capacity=4"})
public abstract class RunningServer {

    /** An allowed directory the tests may write into (links, copies). */
    protected static final Path SCRATCH = scratch("archlab-allowed");

    /** The llama fixture, registered under this name before every test. */
    protected static final String LLAMA = "llama-fixture";

    @LocalServerPort
    protected int port;

    protected Http http;

    @DynamicPropertySource
    static void serverProperties(DynamicPropertyRegistry properties) {
        properties.add("archlab.inference.model-dirs", () -> Fixtures.dir() + ":" + SCRATCH);
        properties.add("archlab.inference.registry-url", () -> StandInRegistry.instance().url().toString());
        properties.add("archlab.inference.data-dir", () -> scratch("archlab-inference-data"));
    }

    @BeforeEach
    void connect() {
        http = new Http(port);
        if (http.get("/api/v1/models/" + LLAMA).status() == 404) {
            var registered = http.post("/api/v1/models", "{\"name\": \"" + LLAMA + "\", \"path\": \"" + fixture("llama") + "\"}");
            if (registered.status() != 201) {
                throw new IllegalStateException("cannot register the llama fixture: " + registered.raw().body());
            }
        }
    }

    /** A fixture GGUF by its real path (the build names the test data through '..' when started in a module, which the server refuses). */
    public static Path fixture(String name) {
        try {
            return Fixtures.gguf(name).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path scratch(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix).toRealPath();
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
