package org.archlab.inference.checkpoint;

import org.archlab.inference.tensor.HugePageMemory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;

/** A checkpoint file's tensor data in memory: a read-only mapping, or a copy in off-heap memory. */
final class CheckpointData {

    private CheckpointData() {
    }

    static MemorySegment load(FileChannel channel, long offset, long bytes, LoadMode mode, Arena arena) throws IOException {
        if (mode == LoadMode.MAPPED) {
            return channel.map(FileChannel.MapMode.READ_ONLY, offset, bytes, arena);
        }
        MemorySegment copy = HugePageMemory.allocate(arena, bytes);
        try (Arena mapping = Arena.ofConfined()) {
            copy.copyFrom(channel.map(FileChannel.MapMode.READ_ONLY, offset, bytes, mapping));
        }
        return copy;
    }
}
