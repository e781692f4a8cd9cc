package org.archlab.inference.model;

/**
 * Whole forward steps on a backend's device: weights, KV cache and activations stay there, so a step moves its
 * tokens' embedding rows in and the logits out.
 */
public interface ResidentDecoder extends AutoCloseable {

    /** Most tokens one {@link #run} may carry. */
    int maxTokensPerStep();

    /**
     * Runs {@code count} tokens from {@code start} (the cache then holds them) and returns the logits, before any
     * soft-cap or scale, of each token ({@code allLogits}) or of the last only; the arrays are reused by the next run.
     *
     * @param inputs the tokens' input rows back to back (hidden size each), embedding scale applied
     */
    float[][] run(float[] inputs, int count, int start, boolean allLogits);

    /** Bytes of the device KV cache. */
    long cacheBytes();

    @Override
    void close();
}
