package org.archlab.inference.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * Byte-pair encoding with ranked merges, as in GPT-2, Llama 3 and Qwen: text is normalized, split into
 * words, each word is written in GPT-2's byte-level alphabet (or kept as characters for vocabularies
 * with byte fallback), and adjacent symbols are merged lowest rank first, leftmost first on ties. A
 * priority queue keeps a word of n symbols at O(n log n) instead of rescanning it after every merge.
 */
final class BytePairEncoder implements TextEncoder {

    private static final int MERGED_AWAY = -2;

    private final Vocabulary vocabulary;
    private final MergeTable merges;
    private final UnaryOperator<String> normalizer;
    private final PreTokenizer preTokenizer;
    private final boolean byteLevel;
    private final boolean ignoresMerges;
    private final boolean byteFallback;
    private final int unknown;
    private final int[] symbolOfAlphabet = new int[256 + 68];
    private final int[] byteTokens = new int[256];

    /**
     * @param byteLevel     words are written in the byte-level alphabet (else merged as characters)
     * @param ignoresMerges a word that is a token as a whole becomes that token without merging
     * @param byteFallback  characters without a token become {@code <0xNN>} tokens
     * @param unknown       the token for characters that have none otherwise, or -1 to drop them
     */
    BytePairEncoder(Vocabulary vocabulary, MergeTable merges, UnaryOperator<String> normalizer, PreTokenizer preTokenizer,
                    boolean byteLevel, boolean ignoresMerges, boolean byteFallback, int unknown) {
        this.vocabulary = vocabulary;
        this.merges = merges;
        this.normalizer = normalizer;
        this.preTokenizer = preTokenizer;
        this.byteLevel = byteLevel;
        this.ignoresMerges = ignoresMerges;
        this.byteFallback = byteFallback;
        this.unknown = unknown;
        for (int b = 0; b < 256; b++) {
            char c = ByteLevel.charOf(b);
            symbolOfAlphabet[c] = merges.id(String.valueOf(c));
            byteTokens[b] = vocabulary.id(String.format("<0x%02X>", b));
        }
    }

    @Override
    public void encode(String text, boolean startsSegment, IntStream.Builder ids) {
        for (String word : preTokenizer.split(normalizer.apply(text))) {
            encodeWord(byteLevel ? ByteLevel.encode(word) : word, ids);
        }
    }

    private void encodeWord(String word, IntStream.Builder ids) {
        if (ignoresMerges) {
            int whole = vocabulary.id(word);
            if (whole >= 0) {
                ids.add(whole);
                return;
            }
        }
        int n = word.codePointCount(0, word.length());
        int[] symbol = new int[n];
        int[] start = new int[n + 1];
        for (int i = 0, offset = 0; i < n; i++) {
            start[i] = offset;
            int cp = word.codePointAt(offset);
            symbol[i] = byteLevel ? symbolOfAlphabet[cp] : merges.id(Character.toString(cp));
            offset += Character.charCount(cp);
        }
        start[n] = word.length();
        merge(symbol);
        for (int i = 0; i < n; i++) {
            if (symbol[i] == MERGED_AWAY) {
                continue;
            }
            if (merges.isToken(symbol[i])) {
                ids.add(symbol[i]);
            } else {
                int end = i + 1;
                while (end < n && symbol[end] == MERGED_AWAY) {
                    end++;
                }
                fallback(word.substring(start[i], start[end]), ids);
            }
        }
    }

    /** Merges in place; positions merged into their left neighbour become {@link #MERGED_AWAY}. */
    private void merge(int[] symbol) {
        int n = symbol.length;
        if (n < 2) {
            return;
        }
        int[] next = new int[n];
        int[] prev = new int[n];
        for (int i = 0; i < n; i++) {
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }
        var queue = new MergeQueue(2 * n);
        for (int i = 0; i + 1 < n; i++) {
            offer(queue, symbol, i, i + 1);
        }
        while (!queue.isEmpty()) {
            long entry = queue.poll();
            int left = (int) entry;
            int right = symbol[left] == MERGED_AWAY ? -1 : next[left];
            if (right < 0) {
                continue;
            }
            long found = merges.find(symbol[left], symbol[right]);
            // A pair has one rank, so an entry whose rank still matches the pair now there is current.
            if (found < 0 || found >>> 32 != entry >>> 32) {
                continue;
            }
            symbol[left] = (int) found;
            symbol[right] = MERGED_AWAY;
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
            if (prev[left] >= 0) {
                offer(queue, symbol, prev[left], left);
            }
            if (next[left] >= 0) {
                offer(queue, symbol, left, next[left]);
            }
        }
    }

    private void offer(MergeQueue queue, int[] symbol, int left, int right) {
        if (symbol[left] >= 0 && symbol[right] >= 0) {
            long found = merges.find(symbol[left], symbol[right]);
            if (found >= 0) {
                queue.add(found >>> 32 << 32 | left);
            }
        }
    }

    /** A symbol that is no token: its characters one by one, else their bytes, else the unknown token. */
    private void fallback(String symbol, IntStream.Builder ids) {
        symbol.codePoints().forEach(cp -> {
            String c = Character.toString(cp);
            int id = vocabulary.id(c);
            if (id >= 0) {
                ids.add(id);
                return;
            }
            byte[] bytes = byteLevel ? ByteLevel.decode(c) : c.getBytes(StandardCharsets.UTF_8);
            boolean allBytes = byteFallback;
            for (byte b : bytes) {
                allBytes &= byteTokens[b & 0xff] >= 0;
            }
            if (allBytes) {
                for (byte b : bytes) {
                    ids.add(byteTokens[b & 0xff]);
                }
            } else if (unknown >= 0) {
                ids.add(unknown);
            }
        });
    }
}
