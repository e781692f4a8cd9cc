package org.archlab.inference.server.models;

import org.archlab.inference.tokenizer.Tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The tokenizer of a model that has none — an architecture with random weights has a vocabulary size
 * but no vocabulary. Ids 0–255 are the bytes of the UTF-8 text; every other id has no text of its own
 * and reads back as {@code <|id_N|>}, so what a random model generates is visible rather than hidden.
 * There is no BOS, no EOS and no chat template. {@code /tokenizer_info} says all this.
 */
public final class ByteTokenizer implements Tokenizer {

    private static final int BYTES = 256;

    private final int vocabularySize;

    public ByteTokenizer(int vocabularySize) {
        this.vocabularySize = vocabularySize;
    }

    @Override
    public int[] encode(String text, boolean addSpecial, boolean parseSpecial) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = bytes[i] & 0xff;
            if (ids[i] >= vocabularySize) {
                throw new IllegalArgumentException("byte " + ids[i] + " lies outside this model's vocabulary of "
                        + vocabularySize + " ids, so the text cannot be written as byte tokens");
            }
        }
        return ids;
    }

    @Override
    public String decode(int[] ids) {
        var out = new ByteArrayOutputStream();
        for (int id : ids) {
            out.writeBytes(tokenBytes(id));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] tokenBytes(int id) {
        if (id < 0 || id >= vocabularySize) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of " + vocabularySize);
        }
        return id < BYTES ? new byte[]{(byte) id} : ("<|id_" + id + "|>").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String tokenText(int id) {
        return id < BYTES ? String.format("<0x%02X>", id) : new String(tokenBytes(id), StandardCharsets.US_ASCII);
    }

    @Override
    public boolean isControl(int id) {
        return false;
    }

    @Override
    public int vocabularySize() {
        return vocabularySize;
    }

    @Override
    public OptionalInt bos() {
        return OptionalInt.empty();
    }

    @Override
    public OptionalInt eos() {
        return OptionalInt.empty();
    }

    @Override
    public boolean addsBos() {
        return false;
    }

    @Override
    public boolean isEndOfGeneration(int id) {
        return false;
    }

    @Override
    public Map<String, Integer> specialTokens() {
        return Map.of();
    }

    @Override
    public Optional<String> chatTemplate() {
        return Optional.empty();
    }
}
