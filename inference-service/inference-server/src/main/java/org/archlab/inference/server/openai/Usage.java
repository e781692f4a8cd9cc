package org.archlab.inference.server.openai;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** Token counts of a request, as OpenAI reports them. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record Usage(int promptTokens, int completionTokens, int totalTokens) {

    static Usage of(int prompt, int completion) {
        return new Usage(prompt, completion, prompt + completion);
    }

    Usage plus(Usage other) {
        return of(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
    }
}
