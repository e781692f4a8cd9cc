package org.archlab.inference.server.generation;

import java.util.List;

/**
 * What a generation produced.
 *
 * @param tokens         generated ids, including an end-of-generation token that stopped it
 * @param text           their text, cut before a stop string
 * @param finish         why it ended
 * @param promptLogprobs the prompt tokens' logprobs when asked for (the first has none); else empty
 * @param logprobs       the generated tokens' logprobs when asked for; else empty
 */
public record Generated(List<Integer> tokens, String text, FinishReason finish, List<TokenLogprob> promptLogprobs,
                        List<TokenLogprob> logprobs) {

    /** Why a generation ended, as OpenAI's {@code finish_reason} says it. */
    public enum FinishReason {
        /** An end-of-generation token or a stop string. */
        STOP,
        /** {@code max_tokens} was reached. */
        LENGTH;

        public String wire() {
            return name().toLowerCase();
        }
    }
}
