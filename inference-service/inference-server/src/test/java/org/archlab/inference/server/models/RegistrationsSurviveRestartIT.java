package org.archlab.inference.server.models;

import org.archlab.inference.server.Http;
import org.archlab.inference.server.InferenceApplication;
import org.archlab.inference.server.RunningServer;
import org.archlab.inference.server.StandInRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Checkpoints registered with {@code POST /api/v1/models} outlive the service: each test registers with one
 * application, closes it as a restart would, and asks a second application started on the same data directory.
 * Only headers are read back; weights load on first use, as the benchmark service's runs use them.
 */
class RegistrationsSurviveRestartIT {

    private final Path data = RunningServer.scratch("archlab-inference-data");
    private final Path models = RunningServer.scratch("archlab-models");
    private ConfigurableApplicationContext running;

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void a_registered_checkpoint_is_listed_after_a_restart_and_a_measured_run_loads_it_on_first_use() throws IOException {
        Path file = copyOfLlama();
        Http before = start();
        assertThat(before.post("/api/v1/models", registration("kept", file)).status()).isEqualTo(201);
        Http after = restart();

        JsonNode model = after.get("/api/v1/models/kept").json();
        assertThat(model.path("state").stringValue()).isEqualTo("available");
        assertThat(model.path("loaded").booleanValue()).as("weights load lazily").isFalse();
        assertThat(model.path("path").stringValue()).isEqualTo(file.toRealPath().toString());
        assertThat(after.get("/api/v1/models").json().path("items").findValuesAsString("name")).contains("kept");

        var submitted = after.post("/api/v1/runs", checkpointRun("kept"));
        assertThat(submitted.status()).as(submitted.raw().body()).isEqualTo(202);
        String id = submitted.json().path("id").stringValue();
        await().atMost(Duration.ofMinutes(2)).until(() -> !after.get("/api/v1/runs/" + id).json().path("status").stringValue()
                .matches("QUEUED|RUNNING"));
        JsonNode run = after.get("/api/v1/runs/" + id).json();
        assertThat(run.path("status").stringValue()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.path("result").path("weights").stringValue()).isEqualTo("checkpoint");
        assertThat(after.get("/api/v1/models/kept").json().path("loaded").booleanValue()).isTrue();
    }

    @Test
    void a_deleted_checkpoint_stays_deleted_after_a_restart() throws IOException {
        Http before = start();
        assertThat(before.post("/api/v1/models", registration("gone", copyOfLlama())).status()).isEqualTo(201);
        assertThat(before.delete("/api/v1/models/gone").status()).isEqualTo(204);
        Http after = restart();

        assertThat(after.get("/api/v1/models/gone").status()).isEqualTo(404);
        assertThat(after.get("/api/v1/models").json().path("items").findValuesAsString("name")).doesNotContain("gone");
    }

    @Test
    void a_checkpoint_whose_file_vanished_meanwhile_is_listed_unavailable_and_refused_with_422_until_it_is_back() throws IOException {
        Path file = copyOfLlama();
        Path aside = models.resolveSibling(models.getFileName() + "-aside.gguf");
        Http before = start();
        assertThat(before.post("/api/v1/models", registration("moved", file)).status()).isEqualTo(201);
        running.close();
        Files.move(file, aside);
        Http after = start();

        JsonNode listed = after.get("/api/v1/models/moved").json();
        assertThat(listed.path("state").stringValue()).isEqualTo("unavailable");
        assertThat(listed.path("error").stringValue()).contains("does not exist");
        var refused = after.post("/api/v1/runs", checkpointRun("moved"));
        assertThat(refused.status()).as(refused.raw().body()).isEqualTo(422);
        assertThat(refused.json().path("code").stringValue()).isEqualTo("checkpoint_unavailable");
        assertThat(refused.json().path("errors").get(0).path("field").stringValue()).isEqualTo("model");
        assertThat(after.post("/v1/completions", "{\"model\": \"moved\", \"prompt\": \"hi\", \"max_tokens\": 1}").status())
                .isEqualTo(422);

        Files.move(aside, file);
        assertThat(after.post("/api/v1/runs", checkpointRun("moved")).status()).isEqualTo(202);
        assertThat(after.get("/api/v1/models/moved").json().path("state").stringValue()).isEqualTo("available");
    }

    private Path copyOfLlama() throws IOException {
        return Files.copy(RunningServer.fixture("llama"), models.resolve("llama-" + UUID.randomUUID() + ".gguf"));
    }

    private Http restart() {
        running.close();
        return start();
    }

    private Http start() {
        // As arguments: they take precedence over application.yml, as the environment does in production.
        running = new SpringApplicationBuilder(InferenceApplication.class).run(
                "--server.port=0",
                "--archlab.inference.data-dir=" + data,
                "--archlab.inference.model-dirs=" + models,
                "--archlab.inference.registry-url=" + StandInRegistry.instance().url(),
                "--archlab.inference.default-context=256",
                "--archlab.inference.threads=2",
                "--archlab.inference.load-mode=MAPPED");
        return new Http(Integer.parseInt(running.getEnvironment().getRequiredProperty("local.server.port")));
    }

    private static String registration(String name, Path file) {
        return "{\"name\": \"" + name + "\", \"path\": \"" + file + "\"}";
    }

    private static String checkpointRun(String name) {
        return "{\"model\": \"" + name + "\", \"weights\": \"checkpoint\", \"promptTokens\": 4, \"generateTokens\": 2,"
                + " \"contextLengths\": [16], \"warmup\": 0, \"repeats\": 1, \"requestId\": \"" + UUID.randomUUID() + "\"}";
    }
}
