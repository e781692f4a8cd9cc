package org.archlab.inference.server.openai;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A Server-Sent Events response in OpenAI's framing: {@code data: <json>} events, then {@code data: [DONE]}.
 * The client going away shows up as an {@link IOException} from {@link #send} or as the container's
 * completion callback; either marks the stream cancelled, which the generation polls between tokens.
 */
final class EventStream {

    private static final MediaType BYTES = MediaType.APPLICATION_OCTET_STREAM;

    private final ResponseBodyEmitter emitter;
    private final JsonMapper json;
    private volatile boolean cancelled;
    private volatile boolean finished;

    EventStream(ResponseBodyEmitter emitter, JsonMapper json) {
        this.emitter = emitter;
        this.json = json;
        emitter.onError(e -> cancelled = true);
        emitter.onTimeout(() -> cancelled = true);
        emitter.onCompletion(() -> cancelled = !finished);
    }

    void send(Object event) throws IOException {
        data(json.writeValueAsString(event));
    }

    /** Ends the stream the way OpenAI does. */
    void done() throws IOException {
        data("[DONE]");
        finished = true;
        emitter.complete();
    }

    /** Ends the stream after an error event (the status line went out with the first chunk). */
    void fail(Object error) {
        try {
            send(error);
            data("[DONE]");
        } catch (IOException e) {
            cancelled = true;
        }
        finished = true;
        emitter.complete();
    }

    boolean cancelled() {
        return cancelled;
    }

    private void data(String payload) throws IOException {
        if (cancelled) {
            throw new IOException("the client went away");
        }
        try {
            emitter.send(("data: " + payload + "\n\n").getBytes(StandardCharsets.UTF_8), BYTES);
        } catch (IOException | IllegalStateException e) {
            cancelled = true;
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }
}
