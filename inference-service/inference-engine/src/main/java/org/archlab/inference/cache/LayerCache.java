package org.archlab.inference.cache;

import java.util.SplittableRandom;

/**
 * The keys and values one attention layer has cached, in its {@link KvCacheType}: as floats ({@link #keys()}) for F32,
 * as 16-bit values ({@link #keys16()}) for F16 and BF16. A full layer holds every position; a sliding or chunked layer
 * is a ring buffer of its window (or chunk), so its memory stops growing there. Head-major: each key/value head's
 * positions are contiguous, so attending one head streams one block of memory instead of picking a slice out of every
 * position.
 */
public final class LayerCache {

    private final int capacity;
    private final int kvHeads;
    private final int headDim;
    private final int valueDim;
    private final KvCacheType type;
    /** F32 storage; null for a 16-bit type. */
    private final float[] keys;
    private final float[] values;
    /** 16-bit storage; null for F32. */
    private final short[] keys16;
    private final short[] values16;
    private final boolean latent;

    /** An F32 cache. */
    public LayerCache(int capacity, int kvHeads, int headDim, int valueDim) {
        this(capacity, kvHeads, headDim, valueDim, KvCacheType.F32);
    }

    public LayerCache(int capacity, int kvHeads, int headDim, int valueDim, KvCacheType type) {
        this.capacity = capacity;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.valueDim = valueDim;
        this.type = type;
        this.latent = false;
        int keyCount = Math.multiplyExact(Math.multiplyExact(capacity, kvHeads), headDim);
        int valueCount = Math.multiplyExact(Math.multiplyExact(capacity, kvHeads), valueDim);
        this.keys = type.halfWidth() ? null : new float[keyCount];
        this.values = type.halfWidth() ? null : new float[valueCount];
        this.keys16 = type.halfWidth() ? new short[keyCount] : null;
        this.values16 = type.halfWidth() ? new short[valueCount] : null;
    }

    private LayerCache(int capacity, int latentDim, int ropeDim, KvCacheType type) {
        this.capacity = capacity;
        this.kvHeads = 1;
        this.headDim = latentDim + ropeDim;
        this.valueDim = latentDim;
        this.type = type;
        this.latent = true;
        int count = Math.multiplyExact(capacity, headDim);
        this.keys = type.halfWidth() ? null : new float[count];
        this.values = keys;
        this.keys16 = type.halfWidth() ? new short[count] : null;
        this.values16 = keys16;
    }

    /** An F32 latent cache, see {@link #latent(int, int, int, KvCacheType)}. */
    public static LayerCache latent(int capacity, int latentDim, int ropeDim) {
        return latent(capacity, latentDim, ropeDim, KvCacheType.F32);
    }

    /**
     * Multi-head latent attention's cache: per position the compressed KV latent followed by the
     * decoupled RoPE key, shared by all heads. The latent serves as the key (with the RoPE part) and,
     * on its own, as the value, so it is stored once.
     */
    public static LayerCache latent(int capacity, int latentDim, int ropeDim, KvCacheType type) {
        return new LayerCache(capacity, latentDim, ropeDim, type);
    }

    /** Stores the keys and values (all kv heads) of a position, overwriting the oldest in a ring. */
    public void store(int position, float[] k, int kOffset, float[] v, int vOffset) {
        if (latent) {
            put(k, kOffset, keys, keys16, keyOffset(position, 0), headDim);
            return;
        }
        for (int head = 0; head < kvHeads; head++) {
            put(k, kOffset + head * headDim, keys, keys16, keyOffset(position, head), headDim);
            put(v, vOffset + head * valueDim, values, values16, valueOffset(position, head), valueDim);
        }
    }

    private void put(float[] from, int fromOffset, float[] floats, short[] halves, int offset, int n) {
        if (halves == null) {
            System.arraycopy(from, fromOffset, floats, offset, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            halves[offset + i] = type.encode(from[fromOffset + i]);
        }
    }

    /** Copies one position's keys and values (all kv heads) from a cache of the same shape and type. */
    public void copyPosition(LayerCache from, int position) {
        if (latent || from.latent || from.kvHeads != kvHeads || from.headDim != headDim || from.valueDim != valueDim
                || from.type != type) {
            throw new IllegalArgumentException("caches of different shapes or types");
        }
        for (int head = 0; head < kvHeads; head++) {
            int k = keyOffset(position, head);
            int v = valueOffset(position, head);
            if (type.halfWidth()) {
                System.arraycopy(from.keys16, from.keyOffset(position, head), keys16, k, headDim);
                System.arraycopy(from.values16, from.valueOffset(position, head), values16, v, valueDim);
            } else {
                System.arraycopy(from.keys, from.keyOffset(position, head), keys, k, headDim);
                System.arraycopy(from.values, from.valueOffset(position, head), values, v, valueDim);
            }
        }
    }

    /** Random keys and values for the slots that {@code positions} processed tokens would occupy. */
    void fillRandom(int positions, SplittableRandom random) {
        int slots = Math.min(positions, capacity);
        for (int head = 0; head < kvHeads; head++) {
            for (int slot = 0; slot < slots; slot++) {
                fillRandom(keys, keys16, keyOffset(slot, head), headDim, random);
                if (!latent) {
                    fillRandom(values, values16, valueOffset(slot, head), valueDim, random);
                }
            }
        }
    }

    private void fillRandom(float[] floats, short[] halves, int offset, int n, SplittableRandom random) {
        for (int i = 0; i < n; i++) {
            float value = (float) random.nextDouble(-1, 1);
            if (halves == null) {
                floats[offset + i] = value;
            } else {
                halves[offset + i] = type.encode(value);
            }
        }
    }

    /** One position's key for one kv head, as floats (decoded from 16 bits where the cache keeps them so). */
    public void readKey(int position, int kvHead, float[] out, int outOffset) {
        read(keys, keys16, keyOffset(position, kvHead), headDim, out, outOffset);
    }

    /** One position's value for one kv head, as floats. */
    public void readValue(int position, int kvHead, float[] out, int outOffset) {
        read(values, values16, valueOffset(position, kvHead), valueDim, out, outOffset);
    }

    private void read(float[] floats, short[] halves, int offset, int n, float[] out, int outOffset) {
        if (halves == null) {
            System.arraycopy(floats, offset, out, outOffset, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            out[outOffset + i] = type.decode(halves[offset + i]);
        }
    }

    /** Offset in {@link #keys()} (or {@link #keys16()}) of a position's key for one kv head. */
    public int keyOffset(int position, int kvHead) {
        return (kvHead * capacity + position % capacity) * headDim;
    }

    public int valueOffset(int position, int kvHead) {
        return latent ? keyOffset(position, kvHead) : (kvHead * capacity + position % capacity) * valueDim;
    }

    /** Values from one position's value to the next one's (the key width when values live in the keys). */
    public int valueStride() {
        return latent ? headDim : valueDim;
    }

    public KvCacheType type() {
        return type;
    }

    /** The keys of an F32 cache. */
    public float[] keys() {
        return floats(keys);
    }

    /** The values of an F32 cache (the keys themselves for a latent cache). */
    public float[] values() {
        return floats(values);
    }

    /** The keys of an F16 or BF16 cache, as {@link KvCacheType#encode} wrote them. */
    public short[] keys16() {
        return halves(keys16);
    }

    /** The values of an F16 or BF16 cache. */
    public short[] values16() {
        return halves(values16);
    }

    private float[] floats(float[] array) {
        if (array == null) {
            throw new IllegalStateException("this cache keeps " + type + " values, not floats: read keys16()/values16()");
        }
        return array;
    }

    private short[] halves(short[] array) {
        if (array == null) {
            throw new IllegalStateException("this cache keeps F32 values: read keys()/values()");
        }
        return array;
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
        long keyCount = type.halfWidth() ? keys16.length : keys.length;
        long valueCount = latent ? 0 : type.halfWidth() ? values16.length : values.length;
        return (keyCount + valueCount) * type.bytesPerValue();
    }
}
