package org.archlab.inference.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.PriorityQueue;
import java.util.stream.IntStream;

/**
 * SentencePiece-style BPE over scores (GGUF {@code tokenizer.ggml.model = "llama"}), as llama.cpp does it:
 * spaces become {@code ▁}, a space is put in front of the text when it starts the input or follows a
 * special token (if the vocabulary asks for a space prefix), and the adjacent pair whose concatenation is
 * the best-scoring token is merged first, leftmost on ties. What never becomes a token is written as
 * {@code <0xNN>} byte tokens.
 */
final class SentencePieceEncoder implements TextEncoder {

    static final String SPACE = "\u2581";

    private final Vocabulary vocabulary;
    private final boolean addsSpacePrefix;
    private final int unknown;
    private final int[] byteTokens = new int[256];

    SentencePieceEncoder(Vocabulary vocabulary, boolean addsSpacePrefix, int unknown) {
        this.vocabulary = vocabulary;
        this.addsSpacePrefix = addsSpacePrefix;
        this.unknown = unknown;
        for (int b = 0; b < 256; b++) {
            int id = vocabulary.id(String.format("<0x%02X>", b));
            byteTokens[b] = id >= 0 || b >= 0x80 ? id : vocabulary.id(String.valueOf((char) b));
        }
    }

    private record Bigram(int left, int right, float score, int length) {
    }

    @Override
    public void encode(String text, boolean startsSegment, IntStream.Builder ids) {
        String escaped = ((addsSpacePrefix && startsSegment ? " " : "") + text).replace(" ", SPACE);
        int n = escaped.codePointCount(0, escaped.length());
        int[] start = new int[n];
        int[] length = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int i = 0, offset = 0; i < n; i++) {
            start[i] = offset;
            length[i] = Character.charCount(escaped.codePointAt(offset));
            offset += length[i];
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        var queue = new PriorityQueue<Bigram>((a, b) -> a.score != b.score ? Float.compare(b.score, a.score)
                : Integer.compare(a.left, b.left));
        for (int i = 1; i < n; i++) {
            offer(queue, escaped, start, length, i - 1, i);
        }
        while (!queue.isEmpty()) {
            Bigram bigram = queue.poll();
            int left = bigram.left;
            int right = bigram.right;
            // Skip pairs that a merge has changed since they were queued.
            if (length[left] == 0 || length[right] == 0 || length[left] + length[right] != bigram.length) {
                continue;
            }
            length[left] += length[right];
            length[right] = 0;
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
            if (prev[left] >= 0) {
                offer(queue, escaped, start, length, prev[left], left);
            }
            if (next[left] >= 0) {
                offer(queue, escaped, start, length, left, next[left]);
            }
        }
        for (int i = 0; i != -1 && n > 0; i = next[i]) {
            String piece = escaped.substring(start[i], start[i] + length[i]);
            int id = vocabulary.id(piece);
            if (id >= 0) {
                ids.add(id);
            } else {
                for (byte b : piece.getBytes(StandardCharsets.UTF_8)) {
                    int byteToken = byteTokens[b & 0xff];
                    if (byteToken >= 0) {
                        ids.add(byteToken);
                    } else if (unknown >= 0) {
                        ids.add(unknown);
                    }
                }
            }
        }
    }

    private void offer(PriorityQueue<Bigram> queue, String text, int[] start, int[] length, int left, int right) {
        int merged = length[left] + length[right];
        int id = vocabulary.id(text.substring(start[left], start[left] + merged));
        if (id >= 0) {
            queue.add(new Bigram(left, right, vocabulary.score(id), merged));
        }
    }
}
