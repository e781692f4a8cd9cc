package org.archlab.inference.tokenizer;

import java.util.stream.IntStream;

/** A model's own tokenization of plain text (special tokens already taken out). */
interface TextEncoder {

    /**
     * @param text          text between special tokens, never empty
     * @param startsSegment true when the text starts the input or follows a special token
     *                      (SentencePiece puts its space prefix there)
     */
    void encode(String text, boolean startsSegment, IntStream.Builder ids);
}
