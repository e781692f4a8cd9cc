package org.archlab.inference.server.models;

import org.archlab.inference.tokenizer.Tokenizer;

/**
 * A model's tokenizer and where it came from.
 *
 * @param kind     {@code gguf} (the file's own vocabulary), {@code huggingface} (tokenizer.json) or {@code bytes}
 *                 (the {@link ByteTokenizer} fallback)
 * @param fallback why the byte fallback stands in; null when the model has its own tokenizer
 */
public record ModelTokenizer(Tokenizer tokenizer, String kind, String fallback) {

    static ModelTokenizer bytes(int vocabularySize, String why) {
        return new ModelTokenizer(new ByteTokenizer(vocabularySize), "bytes", why);
    }
}
