package org.archlab.inference.server.models;

import org.archlab.inference.tokenizer.Tokenizer;
import org.archlab.inference.tokenizer.TokenizerException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model's tokenizer and where it came from. It needs no weights: a GGUF file's vocabulary is in its header,
 * a Hugging Face checkpoint's in tokenizer.json, and a random-weight model has none (the byte fallback).
 *
 * @param kind     {@code gguf} (the file's own vocabulary), {@code huggingface} (tokenizer.json) or {@code bytes}
 *                 (the {@link ByteTokenizer} fallback)
 * @param fallback why the byte fallback stands in; null when the model has its own tokenizer
 */
public record ModelTokenizer(Tokenizer tokenizer, String kind, String fallback) {

    static ModelTokenizer of(ModelSource source) {
        int vocabulary = source.spec().vocabSize();
        return switch (source) {
            case SeededArchitecture random ->
                    bytes(vocabulary, "an architecture with random weights has no vocabulary; ids 0-255 stand for UTF-8 bytes");
            case Checkpoint checkpoint when checkpoint.format() == CheckpointFormat.GGUF -> {
                try {
                    yield new ModelTokenizer(Tokenizer.fromGguf(checkpoint.path()), "gguf", null);
                } catch (TokenizerException e) {
                    yield bytes(vocabulary, "the GGUF file has no usable tokenizer: " + e.problem());
                }
            }
            case Checkpoint checkpoint -> {
                Path dir = Files.isDirectory(checkpoint.path()) ? checkpoint.path() : checkpoint.path().getParent();
                try {
                    yield Files.isRegularFile(dir.resolve("tokenizer.json"))
                            ? new ModelTokenizer(Tokenizer.fromHuggingFace(dir), "huggingface", null)
                            : bytes(vocabulary, "the checkpoint has no tokenizer.json");
                } catch (TokenizerException e) {
                    yield bytes(vocabulary, "its tokenizer.json cannot be used: " + e.problem());
                }
            }
        };
    }

    private static ModelTokenizer bytes(int vocabularySize, String why) {
        return new ModelTokenizer(new ByteTokenizer(vocabularySize), "bytes", why);
    }
}
