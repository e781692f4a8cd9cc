package org.archlab.inference.server.models;

import org.archlab.inference.server.Http;
import org.archlab.inference.server.RunningServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Checkpoints are registered only from the allowed directories; every way out of them is refused with problem+json. */
class ModelRegistrationIT extends RunningServer {

    @Test
    void a_fixture_registers_with_its_architecture_and_memory_estimate_and_can_be_deleted() {
        var registered = register("qwen3-fixture", fixture("qwen3").toString());
        assertThat(registered.status()).as(registered.raw().body()).isEqualTo(201);
        assertThat(registered.header("Location")).hasValue("/api/v1/models/qwen3-fixture");
        var model = registered.json();
        assertThat(model.path("format").stringValue()).isEqualTo("GGUF");
        assertThat(model.path("architecture").stringValue()).isEqualTo("qwen3");
        assertThat(model.path("memory").path("context").intValue()).isEqualTo(256);
        assertThat(model.path("memory").path("weightBytes").longValue()).isPositive();
        assertThat(model.path("memory").path("streamableWeightBytes").isNumber()).isTrue();
        assertThat(model.path("memory").path("streamableWeightBytes").longValue()).isZero();
        assertThat(model.path("memory").path("residentWeightBytes").longValue()).isEqualTo(model.path("memory").path("weightBytes").longValue());

        assertThat(http.get("/api/v1/models").json().path("items").findValuesAsString("name")).contains("qwen3-fixture");
        assertThat(http.delete("/api/v1/models/qwen3-fixture").status()).isEqualTo(204);
        assertThat(http.get("/api/v1/models/qwen3-fixture").status()).isEqualTo(404);
    }

    @Test
    void where_a_checkpoint_lies_on_disk_is_shown_to_admins_and_direct_callers_only() {
        String path = fixture("llama").toString();

        assertThat(http.get("/api/v1/models").raw().body()).contains(path);
        assertThat(http.get("/api/v1/models", "X-ArchLab-Client", "ops", "X-ArchLab-Role", "admin").raw().body()).contains(path);
        var listed = http.get("/api/v1/models", "X-ArchLab-Client", "someone", "X-ArchLab-Role", "reader");
        var one = http.get("/api/v1/models/" + LLAMA, "X-ArchLab-Client", "someone", "X-ArchLab-Role", "writer");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().path("items").findValuesAsString("name")).contains(LLAMA);
        assertThat(listed.raw().body()).doesNotContain(path);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.raw().body()).doesNotContain(path);
    }

    @Test
    void a_second_registration_under_the_same_name_is_409() {
        assertThat(register(LLAMA, fixture("llama").toString()).status()).isEqualTo(409);
    }

    @Test
    void a_path_outside_the_allowed_directories_is_403() {
        assertRefused(register("outside", "/etc/hostname"), 403);
    }

    @Test
    void a_path_through_dot_dot_is_403_even_when_it_leads_back_inside() {
        Path inside = fixture("llama");
        String sneaky = inside.getParent() + "/../" + inside.getParent().getFileName() + "/llama.gguf";

        assertRefused(register("dotdot", sneaky), 403);
    }

    @Test
    void a_link_inside_an_allowed_directory_pointing_outside_is_403() throws IOException {
        Path outside = scratch("archlab-forbidden");
        Path target = Files.copy(fixture("llama"), outside.resolve("copy.gguf"));
        Path link = Files.createSymbolicLink(SCRATCH.resolve("escape-" + System.nanoTime() + ".gguf"), target);

        assertRefused(register("escape", link.toString()), 403);
    }

    @Test
    void a_hugging_face_directory_holding_a_link_outside_is_403() throws IOException {
        Path dir = Files.createDirectory(SCRATCH.resolve("hf-" + System.nanoTime()));
        Files.writeString(dir.resolve("config.json"), "{}");
        Files.createSymbolicLink(dir.resolve("model.safetensors"), Path.of("/etc/hostname"));

        assertRefused(register("hf-escape", dir.toString()), 403);
    }

    @Test
    void a_missing_file_is_404_and_a_file_that_is_no_checkpoint_is_422() throws IOException {
        assertRefused(register("missing", SCRATCH.resolve("nothing-here.gguf").toString()), 404);
        Path junk = Files.writeString(SCRATCH.resolve("junk-" + System.nanoTime() + ".gguf"), "not a gguf file");
        assertRefused(register("junk", junk.toString()), 422);
    }

    private Http.Answer register(String name, String path) {
        return http.post("/api/v1/models", "{\"name\": \"" + name + "\", \"path\": \"" + path + "\"}");
    }

    private static void assertRefused(Http.Answer answer, int status) {
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("application/problem+json"));
        assertThat(answer.json().path("errors").get(0).path("field").stringValue()).isEqualTo("path");
    }
}
