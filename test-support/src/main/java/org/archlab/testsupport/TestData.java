package org.archlab.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;

/**
 * The repository's test data ({@code test-data/}, provenance in its README): GGUF fixtures with the logits llama.cpp
 * computed for them, and tokenizer vocabularies with llama.cpp's cases. The build names the folder in the system
 * property {@code archlab.test.data.dir}; where that does not lead to it (Maven started inside a module, an IDE) it
 * is found by walking up from the working directory.
 */
public final class TestData {

    private static final String PROPERTY = "archlab.test.data.dir";

    private TestData() {
    }

    public static Path dir() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && Files.isRegularFile(Path.of(configured, "README.md"))) {
            return Path.of(configured);
        }
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            if (Files.isRegularFile(at.resolve("test-data/README.md"))) {
                return at.resolve("test-data");
            }
        }
        throw new IllegalStateException("test-data/ not found above " + Path.of("").toAbsolutePath() + " (set -D" + PROPERTY + ")");
    }

    /** A file of {@code test-data/fixtures}, e.g. {@code qwen3.gguf} or {@code tokenizers/ggml-vocab-gpt-2.gguf}. */
    public static Path fixture(String file) {
        return dir().resolve("fixtures").resolve(file);
    }

    /**
     * A Hugging Face tokenizer directory ({@code tokenizer.json} with {@code tokenizer_config.json}) as a loader expects
     * it. The repository keeps these large JSON files gzipped; the first call unpacks them into the module's
     * {@code target/test-data}.
     */
    public static synchronized Path huggingFaceTokenizer(String model) {
        Path packed = fixture("tokenizers/" + model);
        Path unpacked = Path.of("target", "test-data", "tokenizers", model).toAbsolutePath();
        try {
            Files.createDirectories(unpacked);
            if (!Files.isRegularFile(unpacked.resolve("tokenizer.json"))) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(packed.resolve("tokenizer.json.gz")))) {
                    place(in, unpacked.resolve("tokenizer.json"));
                }
            }
            try (InputStream in = Files.newInputStream(packed.resolve("tokenizer_config.json"))) {
                place(in, unpacked.resolve("tokenizer_config.json"));
            }
            return unpacked;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the " + model + " tokenizer from " + packed, e);
        }
    }

    /** Whole or not at all: a test JVM beside this one never reads half a file. */
    private static void place(InputStream content, Path target) throws IOException {
        Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        Files.copy(content, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
