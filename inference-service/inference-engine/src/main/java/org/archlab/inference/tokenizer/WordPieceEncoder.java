package org.archlab.inference.tokenizer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * BERT's WordPiece as llama.cpp runs it on a GGUF vocabulary (word starts are stored with a {@code ▁}
 * prefix, continuations bare): lowercase and strip accents, split on whitespace, punctuation, ASCII
 * symbols and CJK ideographs, then take the longest vocabulary match from the left; a word that cannot
 * be covered completely is the unknown token.
 */
final class WordPieceEncoder implements TextEncoder {

    private final Vocabulary vocabulary;
    private final boolean lowercase;
    private final boolean stripAccents;
    private final int unknown;
    private final int longestToken;

    WordPieceEncoder(Vocabulary vocabulary, boolean lowercase, boolean stripAccents, int unknown) {
        this.vocabulary = vocabulary;
        this.lowercase = lowercase;
        this.stripAccents = stripAccents;
        this.unknown = unknown;
        int longest = 1;
        for (int id = 0; id < vocabulary.size(); id++) {
            longest = Math.max(longest, vocabulary.text(id).length());
        }
        this.longestToken = longest;
    }

    @Override
    public void encode(String text, boolean startsSegment, IntStream.Builder ids) {
        for (String word : words(text)) {
            String marked = SentencePieceEncoder.SPACE + word;
            var found = new ArrayList<Integer>();
            for (int i = 0; i < marked.length(); ) {
                int match = -1;
                int end = Math.min(marked.length(), i + longestToken);
                for (; end > i; end--) {
                    match = vocabulary.id(marked.substring(i, end));
                    if (match >= 0) {
                        break;
                    }
                }
                if (match < 0) {
                    found.clear();
                    break;
                }
                found.add(match);
                i = end;
            }
            if (found.isEmpty()) {
                ids.add(unknown);
            } else {
                found.forEach(ids::add);
            }
        }
    }

    private List<String> words(String text) {
        var words = new ArrayList<String>();
        var word = new StringBuilder();
        text.codePoints().forEach(original -> {
            // llama.cpp keeps the first code point of the decomposition: the base letter without its accent.
            int cp = stripAccents ? Normalizer.normalize(Character.toString(original), Normalizer.Form.NFD).codePointAt(0) : original;
            int type = Character.getType(cp);
            if (isWhitespace(cp)) {
                flush(word, words);
                return;
            }
            if (cp == 0 || cp == 0xFFFD || isControl(type) || (stripAccents && isMark(type))) {
                return;
            }
            int shown = lowercase ? Character.toLowerCase(cp) : cp;
            if (isPunctuation(type) || (cp < 0x7F && isSymbol(type)) || isIdeograph(cp)) {
                flush(word, words);
                words.add(Character.toString(shown));
            } else {
                word.appendCodePoint(shown);
            }
        });
        flush(word, words);
        return words;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (!word.isEmpty()) {
            words.add(word.toString());
            word.setLength(0);
        }
    }

    /** Unicode White_Space (Java's own notions leave out no-break spaces or add separators). */
    private static boolean isWhitespace(int cp) {
        return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F
                || cp == 0x3000;
    }

    private static boolean isControl(int type) {
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.PRIVATE_USE;
    }

    private static boolean isMark(int type) {
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    private static boolean isPunctuation(int type) {
        return type == Character.CONNECTOR_PUNCTUATION || type == Character.DASH_PUNCTUATION
                || type == Character.START_PUNCTUATION || type == Character.END_PUNCTUATION
                || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
                || type == Character.OTHER_PUNCTUATION;
    }

    private static boolean isSymbol(int type) {
        return type == Character.MATH_SYMBOL || type == Character.CURRENCY_SYMBOL || type == Character.MODIFIER_SYMBOL
                || type == Character.OTHER_SYMBOL;
    }

    /** The CJK ranges BERT splits into single characters (llama.cpp keeps Hugging Face's 0x2B920 start). */
    private static boolean isIdeograph(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
