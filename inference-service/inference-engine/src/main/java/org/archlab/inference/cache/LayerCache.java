package org.archlab.inference.cache;

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

    public LayerCache(int capacity, int kvHeads, int headDim, int valueDim) {
        this.capacity = capacity;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.valueDim = valueDim;
        this.keys = new float[Math.multiplyExact(Math.multiplyExact(capacity, kvHeads), headDim)];
        this.values = new float[Math.multiplyExact(Math.multiplyExact(capacity, kvHeads), valueDim)];
    }

    /** Stores the keys and values (all kv heads) of a position, overwriting the oldest in a ring. */
    public void store(int position, float[] k, int kOffset, float[] v, int vOffset) {
        for (int head = 0; head < kvHeads; head++) {
            System.arraycopy(k, kOffset + head * headDim, keys, keyOffset(position, head), headDim);
            System.arraycopy(v, vOffset + head * valueDim, values, valueOffset(position, head), valueDim);
        }
    }

    /** Offset in {@link #keys()} of a position's key for one kv head. */
    public int keyOffset(int position, int kvHead) {
        return (kvHead * capacity + position % capacity) * headDim;
    }

    public int valueOffset(int position, int kvHead) {
        return (kvHead * capacity + position % capacity) * valueDim;
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
        return 4L * (keys.length + values.length);
    }
}
