package org.archlab.inference.server.openai;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.Map;

/**
 * {@code POST /v1/completions} as OpenAI defines it. {@code others} holds the fields not named here, which
 * {@link UnactedFields#COMPLETIONS} judges (user is ignored, penalties are accepted at their neutral value).
 *
 * @param prompt   a string, a list of strings, a list of token ids, or a list of such lists
 * @param logprobs how many alternatives to report per token (0–20); null for none
 * @param echo     return the prompt before the completion, with its logprobs when {@code logprobs} is set
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record CompletionRequest(String model, JsonNode prompt, Integer maxTokens, Double temperature, Double topP, Integer n,
                         Boolean stream, StreamOptions streamOptions, Integer logprobs, Boolean echo, JsonNode stop, Long seed,
                         @JsonAnySetter Map<String, JsonNode> others) {

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
