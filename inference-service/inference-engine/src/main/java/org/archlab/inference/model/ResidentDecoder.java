package org.archlab.inference.model;

/**
 * Whole decode steps on a backend's device: weights, KV cache and activations stay there, so a step moves one
 * embedding row in and the logits out.
 */
public interface ResidentDecoder extends AutoCloseable {

    /**
     * Runs one token at {@code position} (the cache then holds it) and returns the logits before any soft-cap or
     * scale; the array is reused by the next step.
     *
     * @param embedding the token's input row, embedding scale applied
     */
    float[] step(float[] embedding, int position);

    /** Bytes of the device KV cache. */
    long cacheBytes();

    @Override
    void close();
}
