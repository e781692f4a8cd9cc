package org.archlab.inference.checkpoint;

import org.archlab.architecture.json.SpecJson;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes safetensors files the way the format specifies them, and rewrites their headers to damage them. */
public final class SafetensorsWriter {

    /** One tensor: its Hugging Face name, safetensors dtype, shape (outermost first) and little-endian bytes. */
    public record Tensor(String name, String dtype, long[] shape, byte[] data) {
    }

    private SafetensorsWriter() {
    }

    /** One file holding the tensors back to back, in order. */
    public static void write(Path file, List<Tensor> tensors) throws IOException {
        ObjectNode header = SpecJson.mapper().createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        var data = new ByteArrayOutputStream();
        for (Tensor t : tensors) {
            ObjectNode entry = header.putObject(t.name());
            entry.put("dtype", t.dtype());
            var shape = entry.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            entry.putArray("data_offsets").add(data.size()).add(data.size() + t.data().length);
            data.write(t.data());
        }
        writeRaw(file, header.toString(), data.toByteArray());
    }

    /**
     * The tensors split into {@code shards} files named as transformers names them, with the
     * {@code model.safetensors.index.json} that maps each tensor to its shard.
     */
    public static void writeSharded(Path dir, List<Tensor> tensors, int shards) throws IOException {
        ObjectNode index = SpecJson.mapper().createObjectNode();
        index.putObject("metadata").put("total_size", tensors.stream().mapToLong(t -> t.data().length).sum());
        ObjectNode weightMap = index.putObject("weight_map");
        int perShard = (tensors.size() + shards - 1) / shards;
        for (int s = 0; s < shards; s++) {
            String name = "model-%05d-of-%05d.safetensors".formatted(s + 1, shards);
            var part = new ArrayList<>(tensors.subList(Math.min(tensors.size(), s * perShard), Math.min(tensors.size(), (s + 1) * perShard)));
            part.forEach(t -> weightMap.put(t.name(), name));
            write(dir.resolve(name), part);
        }
        Files.writeString(dir.resolve(SafetensorsCheckpoint.INDEX), index.toPrettyString());
    }

    /** A file of the given header text (padded with spaces to 8 bytes, as the format allows) and data. */
    public static void writeRaw(Path file, String header, byte[] data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        var bytes = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(padded).put(json);
        while (bytes.position() < 8 + padded) {
            bytes.put((byte) ' ');
        }
        bytes.put(data);
        Files.write(file, bytes.array());
    }

    /** The header of a file written here, to be edited and written back with {@link #rewriteHeader}. */
    public static ObjectNode header(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int length = Math.toIntExact(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong());
        return (ObjectNode) SpecJson.mapper().readTree(new String(bytes, 8, length, StandardCharsets.UTF_8));
    }

    /** Replaces a file's header, keeping its data. */
    public static void rewriteHeader(Path file, ObjectNode header) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int length = Math.toIntExact(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong());
        byte[] data = java.util.Arrays.copyOfRange(bytes, 8 + length, bytes.length);
        writeRaw(file, header.toString(), data);
    }
}
