package org.archlab.inference.tokenizer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The token strings of a model with their types and scores, and the reverse lookup from string to id. */
final class Vocabulary {

    private final String[] texts;
    private final TokenType[] types;
    private final float[] scores;
    private final Map<String, Integer> ids;

    /**
     * @throws IllegalArgumentException when a string appears twice, naming it and both ids
     */
    Vocabulary(List<String> texts, TokenType[] types, float[] scores) {
        this.texts = texts.toArray(String[]::new);
        this.types = types.clone();
        this.scores = scores.clone();
        this.ids = HashMap.newHashMap(texts.size());
        for (int id = 0; id < this.texts.length; id++) {
            Integer previous = ids.putIfAbsent(this.texts[id], id);
            if (previous != null) {
                throw new IllegalArgumentException("token '" + this.texts[id] + "' appears twice, as ids " + previous + " and " + id);
            }
        }
    }

    int size() {
        return texts.length;
    }

    String text(int id) {
        return texts[id];
    }

    TokenType type(int id) {
        return types[id];
    }

    float score(int id) {
        return scores[id];
    }

    /** The id of a token string, or -1. */
    int id(String text) {
        Integer id = ids.get(text);
        return id == null ? -1 : id;
    }
}
