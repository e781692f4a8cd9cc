package org.archlab.inference.tokenizer;

import java.util.Arrays;

/**
 * The merge table of a byte-pair vocabulary: for a pair of adjacent symbols, its rank (lower merges
 * first) and the symbol the merge makes. Open addressing over primitive arrays, because a prompt of a
 * few thousand tokens asks it hundreds of thousands of times.
 */
final class MergeRanks {

    private static final long EMPTY = -1L;

    private final long[] keys;
    private final int[] ranks;
    private final int[] merged;
    private final int mask;
    private int size;

    MergeRanks(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        ranks = new int[capacity];
        merged = new int[capacity];
        mask = capacity - 1;
        Arrays.fill(keys, EMPTY);
    }

    /** Adds a merge unless the pair already has one: the first rank of a pair is the one that counts. */
    void add(int left, int right, int rank, int result) {
        if (size * 2 >= keys.length) {
            throw new IllegalStateException("merge table is full (" + size + " merges)");
        }
        long key = key(left, right);
        int slot = slot(key);
        if (keys[slot] == EMPTY) {
            keys[slot] = key;
            ranks[slot] = rank;
            merged[slot] = result;
            size++;
        }
    }

    /** The rank and result of merging the pair, packed as {@code rank << 32 | result}, or -1 if they do not merge. */
    long find(int left, int right) {
        long key = key(left, right);
        int slot = slot(key);
        return keys[slot] == EMPTY ? -1 : (long) ranks[slot] << 32 | merged[slot] & 0xffffffffL;
    }

    private int slot(long key) {
        int slot = (int) mix(key) & mask;
        while (keys[slot] != EMPTY && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static long key(int left, int right) {
        return (long) left << 32 | right & 0xffffffffL;
    }

    private static long mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }
}
