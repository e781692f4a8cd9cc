package org.archlab.inference.generation;

import java.util.List;

/**
 * Tokens generated for a prompt and how long it took.
 *
 * @param tokens            generated token ids
 * @param promptTokens      tokens in the prompt
 * @param timeToFirstTokenNanos prompt processing until the first generated token was chosen
 * @param prefillNanos      prompt processing alone
 * @param decodeNanos       generating every token after the first
 * @param interTokenNanos   time between consecutive generated tokens
 */
public record GenerationResult(List<Integer> tokens, int promptTokens, long timeToFirstTokenNanos, long prefillNanos,
                               long decodeNanos, long[] interTokenNanos) {

    public double prefillTokensPerSecond() {
        return promptTokens / (prefillNanos / 1e9);
    }

    /** Tokens after the first, over the time they took: the steady decode rate. */
    public double decodeTokensPerSecond() {
        return tokens.size() <= 1 ? 0 : (tokens.size() - 1) / (decodeNanos / 1e9);
    }
}
