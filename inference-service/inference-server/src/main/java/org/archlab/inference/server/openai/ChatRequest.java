package org.archlab.inference.server.openai;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/chat/completions} as OpenAI defines it. {@code max_completion_tokens} is the newer name of
 * {@code max_tokens}; either may be sent. {@code others} holds the fields not named here, which
 * {@link UnactedFields#CHAT} judges.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ChatRequest(String model, List<Message> messages, Integer maxTokens, Integer maxCompletionTokens, Double temperature,
                   Double topP, Integer n, Boolean stream, CompletionRequest.StreamOptions streamOptions, Boolean logprobs,
                   Integer topLogprobs, JsonNode stop, Long seed, @JsonAnySetter Map<String, JsonNode> others) {

    /** @param content a string, or a list of content parts of which the text parts are used */
    record Message(String role, JsonNode content, String name) {
    }

    boolean streaming() {
        return Boolean.TRUE.equals(stream);
    }

    boolean usageInStream() {
        return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
    }

    Integer requestedMaxTokens() {
        return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
    }
}
