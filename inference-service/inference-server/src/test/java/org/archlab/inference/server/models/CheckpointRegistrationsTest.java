package org.archlab.inference.server.models;

import org.archlab.problems.ApiProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointRegistrationsTest {

    @TempDir
    Path data;

    @Test
    void what_is_saved_is_read_back_whole_and_nothing_is_left_beside_it() throws IOException {
        var store = new CheckpointRegistrations(data.resolve("not-yet-made"), Duration.ofSeconds(1));
        var registrations = List.of(new CheckpointRegistrations.Registration("b", "/models/b.gguf", Instant.parse("2026-01-02T03:04:05Z")),
                new CheckpointRegistrations.Registration("a", "/models/a", Instant.parse("2026-01-01T00:00:00Z")));

        store.save(registrations);

        assertThat(new CheckpointRegistrations(data.resolve("not-yet-made"), Duration.ofSeconds(1)).load())
                .containsExactly(registrations.get(1), registrations.get(0));
        try (var files = Files.list(data.resolve("not-yet-made"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("checkpoints.json");
        }
    }

    @Test
    void nothing_saved_yet_is_no_registrations() {
        assertThat(new CheckpointRegistrations(data, Duration.ofSeconds(1)).load()).isEmpty();
    }

    @Test
    void an_unreadable_file_stops_the_start_instead_of_being_overwritten_by_the_next_registration() throws IOException {
        Files.writeString(data.resolve("checkpoints.json"), "{\"schemaVersion\": 1, \"checkpoints\": [");

        assertThatThrownBy(() -> new CheckpointRegistrations(data, Duration.ofSeconds(1)).load())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("checkpoints.json").hasMessageContaining("repair");
    }

    @Test
    void a_store_that_cannot_be_written_refuses_with_503_and_retry_after() throws IOException {
        Path notADirectory = Files.writeString(data.resolve("file"), "");

        assertThatThrownBy(() -> new CheckpointRegistrations(notADirectory, Duration.ofSeconds(2)).save(List.of()))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.status().value()).isEqualTo(503);
                    assertThat(p.code()).isEqualTo("registrations_not_saved");
                    assertThat(p.retryAfter()).isEqualTo(Duration.ofSeconds(2));
                });
    }
}
