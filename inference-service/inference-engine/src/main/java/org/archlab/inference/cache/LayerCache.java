package org.archlab.inference.cache;

import java.util.SplittableRandom;

/**
 * The keys and values one attention layer has cached, in F32. A full layer holds every position; a
 * sliding or chunked layer is a ring buffer of its window (or chunk), so its memory stops growing there.
 * Head-major: each key/value head's positions are contiguous, so attending one head streams one block
 * of memory instead of picking a slice out of every position.
 */
public final class LayerCache {

    private final int capacity;
    private final int kvHeads;
    private final int headDim;
    private final int valueDim;
    private final float[] keys;
    private final float[] values;
    private final boolean latent;

    public LayerCache(int capacity, int kvHeads, int headDim, int valueDim) {
        this.capacity = capacity;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.valueDim = valueDim;
        this.latent = false;
        this.keys = new float[Math.multiplyExact(Math.multiplyExact(capacity, kvHeads), headDim)];
        this.values = new float[Math.multiplyExact(Math.multiplyExact(capacity, kvHeads), valueDim)];
    }

    private LayerCache(int capacity, int latentDim, int ropeDim) {
        this.capacity = capacity;
        this.kvHeads = 1;
        this.headDim = latentDim + ropeDim;
        this.valueDim = latentDim;
        this.latent = true;
        this.keys = new float[Math.multiplyExact(capacity, headDim)];
        this.values = keys;
    }

    /**
     * Multi-head latent attention's cache: per position the compressed KV latent followed by the
     * decoupled RoPE key, shared by all heads. The latent serves as the key (with the RoPE part) and,
     * on its own, as the value, so it is stored once.
     */
    public static LayerCache latent(int capacity, int latentDim, int ropeDim) {
        return new LayerCache(capacity, latentDim, ropeDim);
    }

    /** Stores the keys and values (all kv heads) of a position, overwriting the oldest in a ring. */
    public void store(int position, float[] k, int kOffset, float[] v, int vOffset) {
        if (latent) {
            System.arraycopy(k, kOffset, keys, keyOffset(position, 0), headDim);
            return;
        }
        for (int head = 0; head < kvHeads; head++) {
            System.arraycopy(k, kOffset + head * headDim, keys, keyOffset(position, head), headDim);
            System.arraycopy(v, vOffset + head * valueDim, values, valueOffset(position, head), valueDim);
        }
    }

    /** Copies one position's keys and values (all kv heads) from a cache of the same shape. */
    public void copyPosition(LayerCache from, int position) {
        if (latent || from.latent || from.kvHeads != kvHeads || from.headDim != headDim || from.valueDim != valueDim) {
            throw new IllegalArgumentException("caches of different shapes");
        }
        for (int head = 0; head < kvHeads; head++) {
            System.arraycopy(from.keys, from.keyOffset(position, head), keys, keyOffset(position, head), headDim);
            System.arraycopy(from.values, from.valueOffset(position, head), values, valueOffset(position, head), valueDim);
        }
    }

    /** Random keys and values for the slots that {@code positions} processed tokens would occupy. */
    void fillRandom(int positions, SplittableRandom random) {
        int slots = Math.min(positions, capacity);
        for (int head = 0; head < kvHeads; head++) {
            for (int slot = 0; slot < slots; slot++) {
                int k = keyOffset(slot, head);
                for (int i = 0; i < headDim; i++) {
                    keys[k + i] = (float) random.nextDouble(-1, 1);
                }
                if (!latent) {
                    int v = valueOffset(slot, head);
                    for (int i = 0; i < valueDim; i++) {
                        values[v + i] = (float) random.nextDouble(-1, 1);
                    }
                }
            }
        }
    }

    /** Offset in {@link #keys()} of a position's key for one kv head. */
    public int keyOffset(int position, int kvHead) {
        return (kvHead * capacity + position % capacity) * headDim;
    }

    public int valueOffset(int position, int kvHead) {
        return latent ? keyOffset(position, kvHead) : (kvHead * capacity + position % capacity) * valueDim;
    }

    /** Floats from one position's value to the next one's (the key width when values live in the keys). */
    public int valueStride() {
        return latent ? headDim : valueDim;
    }

    public float[] keys() {
        return keys;
    }

    public float[] values() {
        return values;
    }

    public int capacity() {
        return capacity;
    }

    public int kvHeads() {
        return kvHeads;
    }

    public int headDim() {
        return headDim;
    }

    public int valueDim() {
        return valueDim;
    }

    /** Bytes allocated for this layer. */
    public long bytes() {
        return 4L * (latent ? keys.length : keys.length + values.length);
    }
}
