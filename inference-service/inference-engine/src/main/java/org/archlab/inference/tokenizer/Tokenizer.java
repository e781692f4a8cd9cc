package org.archlab.inference.tokenizer;

import org.archlab.architecture.gguf.GgufHeader;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Text to token ids and back, for one model's vocabulary. Built from a GGUF file's {@code tokenizer.*}
 * metadata (byte-level BPE, SentencePiece or WordPiece, as llama.cpp tokenizes them) or from a Hugging
 * Face {@code tokenizer.json}. Implementations are immutable and safe to share between threads.
 */
public interface Tokenizer {

    /**
     * @param addSpecial   add what the vocabulary adds around a text on its own (BOS for most models)
     * @param parseSpecial recognise control tokens written in the text (e.g. {@code <|im_start|>}); when false they
     *                     are tokenized as plain text. User-defined tokens are recognised either way.
     */
    int[] encode(String text, boolean addSpecial, boolean parseSpecial);

    /**
     * The text of a token sequence: the tokens' bytes concatenated and read as UTF-8, without control tokens,
     * and without the space a SentencePiece vocabulary puts in front of the input when the sequence starts
     * with text. Bytes that are not valid UTF-8 become U+FFFD.
     *
     * @throws IllegalArgumentException for an id outside the vocabulary
     */
    String decode(int[] ids);

    /**
     * The bytes this token adds to the text when it follows other tokens (a control token: its written
     * form). One token may hold part of a UTF-8 character; concatenated pieces are exact. For streaming
     * and for logprob text offsets.
     */
    byte[] tokenBytes(int id);

    /** The vocabulary entry as stored, e.g. {@code Ġworld}, {@code ▁world} or {@code <|eot_id|>}. */
    String tokenText(int id);

    /** A control token (BOS, EOS, chat markers): not text, left out of {@link #decode}. */
    boolean isControl(int id);

    int vocabularySize();

    OptionalInt bos();

    OptionalInt eos();

    /** {@link #encode} with {@code addSpecial} puts BOS in front (so a chat template's own BOS would double it). */
    boolean addsBos();

    /** Generation should stop after this token: EOS, end-of-turn and the like. */
    boolean isEndOfGeneration(int id);

    /** Control and user-defined tokens by their written form. */
    Map<String, Integer> specialTokens();

    /** The model's Jinja chat template, when the file has one. */
    Optional<String> chatTemplate();

    /** @throws TokenizerException naming the file and key when the file has no usable tokenizer */
    static Tokenizer fromGguf(Path file) {
        return GgufTokenizerLoader.load(file);
    }

    /** For a GGUF file whose header is already read, e.g. from an open checkpoint. */
    static Tokenizer fromGguf(GgufHeader header, Path file) {
        return GgufTokenizerLoader.load(header, file);
    }

    /**
     * @param path a {@code tokenizer.json}, or a directory holding one; a {@code tokenizer_config.json} beside it
     *             supplies BOS/EOS and the chat template
     * @throws TokenizerException naming the file and field when the tokenizer cannot be built
     */
    static Tokenizer fromHuggingFace(Path path) {
        return HuggingFaceTokenizerLoader.load(path);
    }
}
