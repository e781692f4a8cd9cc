package org.archlab.inference.bench;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.stream.IntStream;

/**
 * Measures how fast this machine streams memory into the cores: the ceiling on decode speed, since a
 * decode step reads every weight once. Reads a buffer much larger than the caches with all threads.
 */
public final class MemoryBandwidth {

    private MemoryBandwidth() {
    }

    /** Best of several passes, in bytes per second. */
    public static double measure(long bytes, int threads, int passes) {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment buffer = arena.allocate(bytes, 64);
            buffer.fill((byte) 1);
            var pool = new java.util.concurrent.ForkJoinPool(threads);
            try {
                double best = 0;
                for (int pass = 0; pass < passes; pass++) {
                    long start = System.nanoTime();
                    long sum = pool.submit(() -> IntStream.range(0, threads).parallel()
                            .mapToLong(part -> read(buffer, bytes / threads * part, bytes / threads)).sum()).join();
                    long elapsed = System.nanoTime() - start;
                    if (sum == 42) {
                        System.out.print(""); // keeps the reads observable
                    }
                    best = Math.max(best, bytes / (elapsed / 1e9));
                }
                return best;
            } finally {
                pool.shutdown();
            }
        }
    }

    private static long read(MemorySegment segment, long from, long length) {
        var species = LongVector.SPECIES_PREFERRED;
        var acc = LongVector.zero(species);
        long step = species.vectorByteSize();
        long end = from + length / step * step;
        for (long offset = from; offset < end; offset += step) {
            acc = acc.add(LongVector.fromMemorySegment(species, segment, offset, ByteOrder.LITTLE_ENDIAN));
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }
}
