package org.archlab.inference.server.openai;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A {@code text_completion} object: the whole answer, or one streamed chunk of it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record CompletionResponse(String id, String object, long created, String model, List<Choice> choices, Usage usage) {

    /** @param finishReason {@code stop}, {@code length}, or null in a chunk that is not the last */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Choice(int index, String text, LogprobFormats.Legacy logprobs, String finishReason) {
    }

    /** Identity shared by a response and all its chunks. */
    record Header(String id, long created, String model) {
        static Header of(String model) {
            return new Header("cmpl-" + UUID.randomUUID().toString().replace("-", ""), Instant.now().getEpochSecond(), model);
        }
    }

    static CompletionResponse of(Header header, List<Choice> choices, Usage usage) {
        return new CompletionResponse(header.id(), "text_completion", header.created(), header.model(), choices, usage);
    }
}
