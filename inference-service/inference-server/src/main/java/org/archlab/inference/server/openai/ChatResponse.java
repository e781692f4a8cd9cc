package org.archlab.inference.server.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A {@code chat.completion} object, and the {@code chat.completion.chunk}s of a streamed one. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ChatResponse(String id, String object, long created, String model, List<Choice> choices, Usage usage) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Choice(int index, Message message, LogprobFormats.Chat logprobs, String finishReason) {
    }

    record Message(String role, String content, Object refusal) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Chunk(String id, String object, long created, String model, List<ChunkChoice> choices, Usage usage) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ChunkChoice(int index, Delta delta, LogprobFormats.Chat logprobs, String finishReason) {
    }

    /** What a chunk adds: the role in the first, text in the others, nothing in the last. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Delta(String role, String content) {
    }

    /** Identity shared by a response and all its chunks. */
    record Header(String id, long created, String model) {
        static Header of(String model) {
            return new Header("chatcmpl-" + UUID.randomUUID().toString().replace("-", ""), Instant.now().getEpochSecond(), model);
        }

        Chunk chunk(ChunkChoice choice) {
            return new Chunk(id, "chat.completion.chunk", created, model, List.of(choice), null);
        }

        Chunk usage(Usage usage) {
            return new Chunk(id, "chat.completion.chunk", created, model, List.of(), usage);
        }
    }
}
