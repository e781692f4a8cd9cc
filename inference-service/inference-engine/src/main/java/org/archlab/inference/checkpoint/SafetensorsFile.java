package org.archlab.inference.checkpoint;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** One validated {@code .safetensors} file whose data section is mapped (or copied off-heap) once. */
record SafetensorsFile(SafetensorsHeader header, MemorySegment data) {

    static SafetensorsFile open(Path file, LoadMode mode, Arena arena) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            SafetensorsHeader header = SafetensorsHeader.read(file, channel);
            return new SafetensorsFile(header, CheckpointData.load(channel, header.dataStart(), header.dataBytes(), mode, arena));
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    Path path() {
        return header.file();
    }

    /** The stored bytes of a tensor: a view of the mapping, never a copy. */
    MemorySegment bytes(SafetensorsHeader.Entry entry) {
        return data.asSlice(entry.begin(), entry.bytes());
    }
}
