package org.archlab.inference.server.generation;

import java.io.IOException;
import java.util.List;

/**
 * Receives a generation's text as it is released (streaming). An {@link IOException} — the client has gone —
 * stops the generation.
 */
@FunctionalInterface
public interface TextSink {

    TextSink NONE = (text, logprobs) -> {
    };

    /** @param logprobs the tokens that produced this text, when logprobs were asked for */
    void accept(String text, List<TokenLogprob> logprobs) throws IOException;
}
