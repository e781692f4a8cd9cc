package org.archlab.inference.kernels;

import org.archlab.inference.cache.LayerCache;

/**
 * One query token attending over a layer's cache.
 *
 * @param query     all heads' queries, head after head
 * @param heads     query heads
 * @param cache     the layer's keys and values (its key/value heads and dims)
 * @param position  the query's position; the cache already holds it
 * @param window    attend only to the last {@code window} positions (0 = all)
 * @param chunk     attend only within the query's chunk of this many positions (0 = no chunks)
 * @param scale     multiplier of q·k
 * @param softcap   scores become softcap·tanh(s/softcap) when positive
 * @param sinks     per-head sink logits taking part in the softmax, or null
 * @param out       all heads' outputs, head after head (value dims each)
 */
public record AttentionStep(float[] query, int heads, LayerCache cache, int position, int window, int chunk,
                            float scale, float softcap, float[] sinks, float[] out) {

    /** The earliest position the query attends to: past the window, inside the chunk. */
    public int firstAttended() {
        int first = 0;
        if (window > 0) {
            first = Math.max(first, position - window + 1);
        }
        if (chunk > 0) {
            first = Math.max(first, position / chunk * chunk);
        }
        return first;
    }
}
