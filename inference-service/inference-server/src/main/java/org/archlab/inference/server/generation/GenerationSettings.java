package org.archlab.inference.server.generation;

import org.archlab.inference.generation.SamplingSettings;

import java.util.List;

/**
 * What one prompt's generation is asked for.
 *
 * @param maxTokens      tokens to generate at most (0: only read the prompt)
 * @param stop           strings that end the generation; the text stops before them
 * @param topLogprobs    alternatives reported per token; −1 reports no logprobs at all
 * @param promptLogprobs report the prompt tokens' logprobs too (OpenAI's {@code echo})
 */
public record GenerationSettings(int maxTokens, SamplingSettings sampling, List<String> stop, int topLogprobs,
                                 boolean promptLogprobs) {

    boolean logprobs() {
        return topLogprobs >= 0;
    }
}
