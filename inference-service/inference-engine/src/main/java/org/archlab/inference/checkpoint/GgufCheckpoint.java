package org.archlab.inference.checkpoint;

import org.archlab.architecture.gguf.GgufFormatException;
import org.archlab.architecture.gguf.GgufHeader;
import org.archlab.architecture.gguf.GgufHeaderReader;
import org.archlab.architecture.gguf.GgufTensorInfo;
import org.archlab.inference.tensor.GgmlType;
import org.archlab.inference.tensor.TensorSource;
import org.archlab.inference.tensor.WeightTensor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A GGUF file whose tensor data is memory-mapped (or copied off-heap), never copied onto the Java heap.
 * Everything the header claims is checked against the file before any tensor is used: known types,
 * sizes that do not overflow, data inside the file.
 */
public final class GgufCheckpoint implements TensorSource, AutoCloseable {

    private final Path file;
    private final GgufHeader header;
    private final Arena arena;
    private final Map<String, WeightTensor> tensors;
    private final long dataBytes;

    private GgufCheckpoint(Path file, GgufHeader header, Arena arena, Map<String, WeightTensor> tensors, long dataBytes) {
        this.file = file;
        this.header = header;
        this.arena = arena;
        this.tensors = tensors;
        this.dataBytes = dataBytes;
    }

    public static GgufCheckpoint open(Path file, LoadMode mode) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            GgufHeader header = readHeader(file, channel);
            if (header.dataOffset() > fileSize) {
                throw new CheckpointException(file, "truncated: the data section would start at byte " + header.dataOffset()
                        + " but the file has " + fileSize + " bytes");
            }
            long dataBytes = fileSize - header.dataOffset();
            var layout = validate(file, header, dataBytes);
            Arena arena = Arena.ofShared();
            try {
                MemorySegment data = CheckpointData.load(channel, header.dataOffset(), dataBytes, mode, arena);
                var tensors = new LinkedHashMap<String, WeightTensor>();
                layout.forEach((info, type) -> {
                    long size = type.rowBytes(info.dims()[0]) * (info.elements() / info.dims()[0]);
                    tensors.put(info.name(), new WeightTensor(info.name(), type, info.dims(), data.asSlice(info.offset(), size)));
                });
                return new GgufCheckpoint(file, header, arena, Map.copyOf(tensors), dataBytes);
            } catch (RuntimeException | IOException e) {
                arena.close();
                throw e;
            }
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static GgufHeader readHeader(Path file, FileChannel channel) throws IOException {
        try {
            // The channel stream must stay open: closing it would close the channel we map from.
            return GgufHeaderReader.read(Channels.newInputStream(channel.position(0)), channel.size(), GgufHeaderReader.Limits.DEFAULT);
        } catch (GgufFormatException e) {
            throw new CheckpointException(file, e.getMessage(), e);
        }
    }

    /** Every tensor's type is known and its bytes lie inside the data section. */
    private static Map<GgufTensorInfo, GgmlType> validate(Path file, GgufHeader header, long dataBytes) {
        var layout = new LinkedHashMap<GgufTensorInfo, GgmlType>();
        for (GgufTensorInfo info : header.tensors()) {
            GgmlType type = GgmlType.byId(info.typeId()).orElseThrow(() -> new CheckpointException(file,
                    "tensor " + info.name() + " has ggml type " + info.typeId() + ", which this engine cannot read (supported: "
                            + java.util.Arrays.stream(GgmlType.values()).map(Enum::name).collect(Collectors.joining(", ")) + ")"));
            long size;
            try {
                size = Math.multiplyExact(type.rowBytes(info.dims()[0]), info.elements() / info.dims()[0]);
            } catch (ArithmeticException | IllegalArgumentException e) {
                throw new CheckpointException(file, "tensor " + info.name() + ": impossible size (" + e.getMessage() + ")");
            }
            if (info.offset() > dataBytes || size > dataBytes - info.offset()) {
                throw new CheckpointException(file, "tensor " + info.name() + " (" + size + " bytes at data offset " + info.offset()
                        + ") points past the end of the file; the data section has " + dataBytes + " bytes (truncated?)");
            }
            if (layout.put(info, type) != null) {
                throw new CheckpointException(file, "tensor " + info.name() + " appears twice");
            }
        }
        return layout;
    }

    public GgufHeader header() {
        return header;
    }

    public Path file() {
        return file;
    }

    @Override
    public WeightTensor tensor(String name) {
        WeightTensor t = tensors.get(name);
        if (t == null) {
            throw new CheckpointException(file, "tensor " + name + " is missing");
        }
        return t;
    }

    @Override
    public Optional<WeightTensor> find(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /** Bytes of tensor data (the weights as stored). */
    public long dataBytes() {
        return dataBytes;
    }

    @Override
    public void close() {
        arena.close();
    }
}
