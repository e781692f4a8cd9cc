package org.archlab.inference.server.openai;

import org.archlab.inference.server.generation.TokenLogprob;
import org.archlab.inference.tokenizer.TextStream;
import org.archlab.inference.tokenizer.Tokenizer;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Logprobs in OpenAI's two shapes: the legacy completions object (parallel lists, which lm-evaluation-harness reads
 * for log-likelihoods) and the chat object (one entry per token with its bytes).
 */
final class LogprobFormats {

    private LogprobFormats() {
    }

    /**
     * Legacy completions logprobs. {@code token_logprobs} and {@code top_logprobs} are null for the first prompt token,
     * which nothing predicts; {@code text_offset} is where each token's text starts in the returned text.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Legacy(List<String> tokens, List<Double> tokenLogprobs, List<Map<String, Double>> topLogprobs, List<Integer> textOffset) {
    }

    /** Chat logprobs: {@code content} per generated token. */
    record Chat(List<ChatToken> content, Object refusal) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ChatToken(String token, double logprob, List<Integer> bytes, List<ChatAlternative> topLogprobs) {
    }

    record ChatAlternative(String token, double logprob, List<Integer> bytes) {
    }

    /**
     * @param entries the tokens, in text order (prompt tokens first when echoed)
     * @param offset  characters of returned text before the first of them
     */
    static Legacy legacy(List<TokenLogprob> entries, Tokenizer tokenizer, int offset) {
        var tokens = new ArrayList<String>(entries.size());
        var logprobs = new ArrayList<Double>(entries.size());
        var tops = new ArrayList<Map<String, Double>>(entries.size());
        var offsets = new ArrayList<Integer>(entries.size());
        var text = new TextStream(tokenizer);
        int at = offset;
        for (TokenLogprob entry : entries) {
            tokens.add(piece(tokenizer, entry.token()));
            logprobs.add(entry.logprob());
            if (entry.logprob() == null) {
                tops.add(null);
            } else {
                var top = new LinkedHashMap<String, Double>();
                entry.top().forEach(a -> top.putIfAbsent(piece(tokenizer, a.token()), a.logprob()));
                tops.add(top);
            }
            offsets.add(at);
            at += text.append(entry.token()).length();
        }
        return new Legacy(tokens, logprobs, tops, offsets);
    }

    static Chat chat(List<TokenLogprob> entries, Tokenizer tokenizer) {
        var content = new ArrayList<ChatToken>(entries.size());
        for (TokenLogprob entry : entries) {
            var top = entry.top().stream().map(a -> new ChatAlternative(piece(tokenizer, a.token()), a.logprob(),
                    bytes(tokenizer, a.token()))).toList();
            content.add(new ChatToken(piece(tokenizer, entry.token()), entry.logprob(), bytes(tokenizer, entry.token()), top));
        }
        return new Chat(content, null);
    }

    /**
     * A token's text on its own. A token that is only part of a UTF-8 character is written as OpenAI writes it,
     * {@code bytes:\xe2\x80}, so that different partial tokens stay different keys in {@code top_logprobs}.
     */
    static String piece(Tokenizer tokenizer, int id) {
        byte[] bytes = tokenizer.tokenBytes(id);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            var text = new StringBuilder("bytes:");
            for (byte b : bytes) {
                text.append(String.format("\\x%02x", b & 0xff));
            }
            return text.toString();
        }
    }

    private static List<Integer> bytes(Tokenizer tokenizer, int id) {
        byte[] bytes = tokenizer.tokenBytes(id);
        var list = new ArrayList<Integer>(bytes.length);
        for (byte b : bytes) {
            list.add(b & 0xff);
        }
        return list;
    }
}
