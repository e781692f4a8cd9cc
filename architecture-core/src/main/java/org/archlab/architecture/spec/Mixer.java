package org.archlab.architecture.spec;

/** The token mixer of a layer. */
public enum Mixer {
    /** Causal softmax attention over the whole context. */
    FULL,
    /** Causal softmax attention over the last {@code attention.slidingWindow} tokens. */
    SLIDING,
    /** Causal softmax attention within fixed chunks of {@code attention.chunkSize} tokens (Llama 4). */
    CHUNKED,
    /** Gated DeltaNet linear attention with a constant-size state. */
    LINEAR
}
