package org.archlab.inference.server.models;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkpoint formats the engine reads. */
public enum CheckpointFormat {
    /** One llama.cpp GGUF file: weights, architecture and tokenizer. */
    GGUF,
    /** A Hugging Face directory: config.json, safetensors weights (single or sharded) and usually tokenizer.json. */
    SAFETENSORS;

    static CheckpointFormat of(Path path) {
        String name = path.getFileName().toString();
        if (Files.isRegularFile(path) && name.endsWith(".gguf")) {
            return GGUF;
        }
        return SAFETENSORS;
    }
}
