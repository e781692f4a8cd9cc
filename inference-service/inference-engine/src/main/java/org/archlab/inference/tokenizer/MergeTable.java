package org.archlab.inference.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The merges of a byte-pair vocabulary over symbol ids. Symbols are vocabulary ids, plus ids from
 * {@code vocabulary.size()} on for strings a merge mentions that the vocabulary lacks: llama.cpp merges
 * strings, so such a merge still happens, and its result falls back to smaller tokens at the end.
 */
final class MergeTable {

    private final Vocabulary vocabulary;
    private final MergeRanks ranks;
    private final Map<String, Integer> extraIds = new HashMap<>();
    private final List<String> extraTexts = new ArrayList<>();

    /**
     * @param pairs the merges in rank order, each the two strings that merge
     */
    MergeTable(Vocabulary vocabulary, List<String[]> pairs) {
        this.vocabulary = vocabulary;
        this.ranks = new MergeRanks(pairs.size());
        for (int rank = 0; rank < pairs.size(); rank++) {
            String[] pair = pairs.get(rank);
            ranks.add(intern(pair[0]), intern(pair[1]), rank, intern(pair[0] + pair[1]));
        }
    }

    private int intern(String text) {
        int id = id(text);
        if (id >= 0) {
            return id;
        }
        int extra = vocabulary.size() + extraTexts.size();
        extraIds.put(text, extra);
        extraTexts.add(text);
        return extra;
    }

    /** The symbol id of a string, or -1 when neither the vocabulary nor a merge knows it. */
    int id(String text) {
        int id = vocabulary.id(text);
        return id >= 0 ? id : extraIds.getOrDefault(text, -1);
    }

    /** Rank and result of merging two symbols, packed as {@code rank << 32 | result}, or -1. */
    long find(int left, int right) {
        return ranks.find(left, right);
    }

    /** The symbol is a token of the vocabulary (not a string only a merge knows). */
    boolean isToken(int symbol) {
        return symbol >= 0 && symbol < vocabulary.size();
    }
}
