package org.archlab.architecture.spec;

/**
 * Per-layer embeddings (Gemma 3n's PLE): a second token table holding, per token, a small vector for every
 * layer ({@code layers × width} values). Each layer's vector is combined with a projection of the model's
 * input embedding and gated into that layer's output. The table is only ever read one row per token, so it
 * can stay in host memory (or on disk) and be streamed, which is why the analytics count it apart from the
 * weights that must be resident in accelerator memory.
 *
 * @param width     values per layer per token
 * @param vocabSize tokens that have a row (the first {@code vocabSize} token ids; may be fewer than the
 *                  model's vocabulary, whose extra tokens then get none)
 */
public record PerLayerInputs(int width, int vocabSize) {
}
