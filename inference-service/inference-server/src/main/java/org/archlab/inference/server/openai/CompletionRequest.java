package org.archlab.inference.server.openai;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code POST /v1/completions} as OpenAI defines it; fields this server does not act on (user, suffix,
 * penalties, …) are accepted and ignored, as OpenAI-compatible servers do.
 *
 * @param prompt   a string, a list of strings, a list of token ids, or a list of such lists
 * @param logprobs how many alternatives to report per token (0–20); null for none
 * @param echo     return the prompt before the completion, with its logprobs when {@code logprobs} is set
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record CompletionRequest(String model, JsonNode prompt, Integer maxTokens, Double temperature, Double topP, Integer n,
                         Boolean stream, StreamOptions streamOptions, Integer logprobs, Boolean echo, JsonNode stop, Long seed) {

    /** @param includeUsage send a last chunk with the token counts */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record StreamOptions(Boolean includeUsage) {
    }

    boolean streaming() {
        return Boolean.TRUE.equals(stream);
    }

    boolean usageInStream() {
        return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
    }
}
