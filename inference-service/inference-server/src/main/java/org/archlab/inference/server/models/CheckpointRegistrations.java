package org.archlab.inference.server.models;

import org.archlab.inference.server.InferenceProperties;
import org.archlab.problems.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The registered checkpoints as they outlive the process: {@code checkpoints.json} in the service's data directory
 * ({@code ARCHLAB_INFERENCE_DATA}), holding each registration's name, real path and time. Every change rewrites the
 * whole file through a temporary file that is flushed to disk and then renamed over the old one, so a crash leaves
 * either the old list or the new one, never half of either (ADR 0009).
 */
@Component
class CheckpointRegistrations {

    private static final Logger log = LoggerFactory.getLogger(CheckpointRegistrations.class);
    private static final int SCHEMA_VERSION = 1;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;
    private final Duration retryAfter;

    /** One registration as stored: what it takes to read the checkpoint again after a restart. */
    record Registration(String name, String path, Instant registeredAt) {
    }

    private record Stored(int schemaVersion, List<Registration> checkpoints) {
    }

    @Autowired
    CheckpointRegistrations(InferenceProperties properties) {
        this(properties.dataDir(), properties.limits().retryAfter());
    }

    CheckpointRegistrations(Path dataDir, Duration retryAfter) {
        this.file = dataDir.resolve("checkpoints.json");
        this.retryAfter = retryAfter;
    }

    /**
     * The registrations saved last; none when nothing was ever saved.
     *
     * @throws IllegalStateException when the file exists but cannot be read: starting empty would overwrite it
     *                               with the next registration and lose every one it holds
     */
    List<Registration> load() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            Stored stored = JSON.readValue(Files.readString(file), Stored.class);
            if (stored.schemaVersion() != SCHEMA_VERSION || stored.checkpoints() == null) {
                throw new IllegalStateException(file + " has schemaVersion " + stored.schemaVersion() + "; this server reads "
                        + SCHEMA_VERSION);
            }
            log.info("{} checkpoint registrations read from {}", stored.checkpoints().size(), file);
            return stored.checkpoints();
        } catch (IOException | JacksonException e) {
            throw new IllegalStateException("the checkpoint registrations in " + file + " cannot be read (" + e.getMessage()
                    + "); repair or move the file away, and the server starts without them", e);
        }
    }

    /**
     * Replaces what is stored with these registrations.
     *
     * @throws ApiProblem 503 when the file cannot be written: a registration that would not survive a restart is refused
     */
    void save(Collection<Registration> registrations) {
        var sorted = registrations.stream().sorted(Comparator.comparing(Registration::name)).toList();
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Stored(SCHEMA_VERSION, sorted));
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), "checkpoints", ".json.tmp");
            try {
                try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                    channel.write(ByteBuffer.wrap(bytes));
                    channel.force(true);
                }
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
            syncDirectory(file.getParent());
        } catch (IOException e) {
            log.error("cannot save the checkpoint registrations to {}", file, e);
            throw ApiProblem.busy(HttpStatus.SERVICE_UNAVAILABLE, "the checkpoint registrations cannot be saved on this server",
                    "registrations_not_saved", retryAfter);
        }
    }

    /** Makes the rename itself durable; a file system that cannot sync a directory has nothing more to do. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            log.debug("cannot sync directory {}: {}", directory, e.toString());
        }
    }
}
