package org.archlab.inference.server.openai;

import org.archlab.problems.ApiProblem;
import org.archlab.inference.tokenizer.Tokenizer;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code prompt} of a completion request as token ids: a string, a list of strings, a list of token ids or
 * a list of such lists (a batch: one choice per prompt). Text is tokenized as a model sees text on its own —
 * with BOS where the vocabulary adds one, and control tokens written in the text recognised.
 */
final class Prompts {

    private Prompts() {
    }

    /** @param mostPrompts how many prompts one request may hold; counted before any is tokenized */
    static List<int[]> of(JsonNode prompt, Tokenizer tokenizer, int mostPrompts) {
        if (prompt == null || prompt.isNull()) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "prompt", "is required");
        }
        boolean batch = prompt.isArray() && !prompt.isEmpty() && !prompt.get(0).isNumber();
        if (batch && prompt.size() > mostPrompts) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "prompt", "holds " + prompt.size() + " prompts; this server takes at most "
                    + mostPrompts + " in one request", "too_many_prompts");
        }
        var prompts = new ArrayList<int[]>();
        if (prompt.isString()) {
            prompts.add(text(prompt.asString(), tokenizer));
        } else if (prompt.isArray() && !prompt.isEmpty() && prompt.get(0).isNumber()) {
            prompts.add(ids(prompt, "prompt", tokenizer));
        } else if (prompt.isArray() && !prompt.isEmpty()) {
            for (int i = 0; i < prompt.size(); i++) {
                JsonNode element = prompt.get(i);
                if (element.isString()) {
                    prompts.add(text(element.asString(), tokenizer));
                } else if (element.isArray()) {
                    prompts.add(ids(element, "prompt[" + i + "]", tokenizer));
                } else {
                    throw malformed("prompt[" + i + "]");
                }
            }
        } else {
            throw malformed("prompt");
        }
        for (int i = 0; i < prompts.size(); i++) {
            if (prompts.get(i).length == 0) {
                throw ApiProblem.field(HttpStatus.BAD_REQUEST, prompts.size() == 1 ? "prompt" : "prompt[" + i + "]", "holds no tokens");
            }
        }
        return prompts;
    }

    static int[] text(String text, Tokenizer tokenizer) {
        try {
            return tokenizer.encode(text, true, true);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "prompt", e.getMessage());
        }
    }

    private static int[] ids(JsonNode array, String field, Tokenizer tokenizer) {
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode id = array.get(i);
            if (!id.isIntegralNumber() || id.asLong() < 0 || id.asLong() >= tokenizer.vocabularySize()) {
                throw ApiProblem.field(HttpStatus.BAD_REQUEST, field + "[" + i + "]", "is not a token id of this model (0 to "
                        + (tokenizer.vocabularySize() - 1) + ")");
            }
            ids[i] = id.asInt();
        }
        return ids;
    }

    private static ApiProblem malformed(String field) {
        return ApiProblem.field(HttpStatus.BAD_REQUEST, field, "must be a string, a list of strings, a list of token ids or a list of such lists");
    }
}
