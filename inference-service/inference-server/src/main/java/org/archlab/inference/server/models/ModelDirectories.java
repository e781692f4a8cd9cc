package org.archlab.inference.server.models;

import org.archlab.inference.server.InferenceProperties;
import org.archlab.problems.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories the operator allows checkpoints to be loaded from, and the check every path passes
 * before the engine opens it: absolute, no {@code ..}, and — after every symbolic link is followed —
 * still inside an allowed directory. A Hugging Face checkpoint's directory is checked file by file, since any of
 * its files (a shard, config.json) could be a link to somewhere else. The check is repeated before every load, so a
 * link swapped in after registration is caught too.
 */
@Component
class ModelDirectories {

    private static final Logger log = LoggerFactory.getLogger(ModelDirectories.class);

    private final List<Path> allowed;

    ModelDirectories(InferenceProperties properties) {
        var real = new ArrayList<Path>();
        for (Path dir : properties.modelDirectories()) {
            try {
                real.add(dir.toRealPath());
            } catch (IOException e) {
                log.warn("model directory {} is not readable and is ignored: {}", dir, e.toString());
            }
        }
        this.allowed = List.copyOf(real);
    }

    /**
     * The real path of a checkpoint the caller named, once it is known to lie inside an allowed directory.
     *
     * @throws ApiProblem 403 for a path outside the allowed directories, 400 for a malformed one, 404 for a missing one
     */
    Path resolve(String requested) {
        if (allowed.isEmpty()) {
            throw ApiProblem.field(HttpStatus.FORBIDDEN, "path",
                    "no model directories are allowed on this server; the operator sets ARCHLAB_MODEL_DIRS", "path_not_allowed");
        }
        if (requested == null || requested.isBlank()) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "path", "is required");
        }
        Path path;
        try {
            path = Path.of(requested);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "path", "is not a path: " + e.getMessage());
        }
        if (!path.isAbsolute()) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "path", "must be absolute");
        }
        for (Path part : path) {
            if (part.toString().equals("..")) {
                throw ApiProblem.field(HttpStatus.FORBIDDEN, "path", "must not contain '..'", "path_not_allowed");
            }
        }
        Path real = realPath(path);
        requireInside(real, requested);
        // A GGUF file is read alone; a Hugging Face checkpoint reads the files beside its weights too.
        Path checkpointDir = Files.isDirectory(real) ? real : real.getFileName().toString().endsWith(".gguf") ? null : real.getParent();
        if (checkpointDir != null) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(checkpointDir)) {
                for (Path entry : entries) {
                    requireInside(realPath(entry), checkpointDir.resolve(entry.getFileName()).toString());
                }
            } catch (IOException e) {
                throw ApiProblem.field(HttpStatus.BAD_REQUEST, "path", "cannot be listed: " + e.getMessage());
            }
        }
        return real;
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (NoSuchFileException e) {
            throw ApiProblem.field(HttpStatus.NOT_FOUND, "path", path + " does not exist (or is a link to nothing)", "path_not_found");
        } catch (IOException e) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "path", "cannot be read: " + e.getMessage());
        }
    }

    private void requireInside(Path real, String shownAs) {
        if (allowed.stream().noneMatch(real::startsWith)) {
            throw ApiProblem.field(HttpStatus.FORBIDDEN, "path", shownAs
                    + " lies outside the allowed model directories once links are followed", "path_not_allowed");
        }
    }
}
