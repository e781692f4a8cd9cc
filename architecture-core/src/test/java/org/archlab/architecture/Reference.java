package org.archlab.architecture;

import org.archlab.architecture.json.SpecJson;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads ../shared: the verified reference architectures and the GGUF fixtures. */
public final class Reference {

    private Reference() {
    }

    public static Path shared() {
        String configured = System.getProperty("archlab.shared.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("../../shared");
        if (!Files.isDirectory(dir.resolve("reference"))) {
            throw new IllegalStateException("The shared reference data is missing at " + dir.toAbsolutePath()
                    + " (expected next to the repository, as ../shared)");
        }
        return dir;
    }

    public static List<JsonNode> models() {
        try {
            JsonNode root = SpecJson.mapper().readTree(Files.readString(shared().resolve("reference/architectures.json")));
            var models = new ArrayList<JsonNode>();
            root.get("models").forEach(models::add);
            return models;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path fixture(String file) {
        return shared().resolve("fixtures").resolve(file);
    }
}
