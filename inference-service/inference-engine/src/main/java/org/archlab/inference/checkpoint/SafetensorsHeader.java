package org.archlab.inference.checkpoint;

import org.archlab.architecture.json.SpecJson;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The header of one {@code .safetensors} file: an 8-byte little-endian length, then that many bytes of
 * JSON giving each tensor's dtype, shape and byte range in the data that follows. Everything it claims
 * is checked against the file before anything is mapped: a bounded length, known dtypes, sizes that
 * match the shapes without overflowing, ranges inside the file that do not overlap.
 *
 * @param file      the file, for messages
 * @param dataStart where the data section starts in the file (8 + the header length)
 * @param dataBytes bytes of the data section
 * @param tensors   the tensors by name, in header order
 */
record SafetensorsHeader(Path file, long dataStart, long dataBytes, Map<String, Entry> tensors) {

    /** The reference implementation refuses longer headers; a real one takes a few hundred kilobytes. */
    static final long MAX_HEADER_BYTES = 100_000_000;

    /** One tensor as the header describes it; {@code begin}/{@code end} are relative to the data section. */
    record Entry(String name, SafetensorsDtype dtype, long[] shape, long begin, long end) {

        Entry {
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        long bytes() {
            return end - begin;
        }
    }

    static SafetensorsHeader read(Path file, FileChannel channel) throws IOException {
        long fileSize = channel.size();
        if (fileSize < 8) {
            throw new CheckpointException(file, "is " + fileSize + " bytes long, too short for a safetensors header length (8 bytes)");
        }
        long length = readFully(channel, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (length < 2 || length > MAX_HEADER_BYTES) {
            throw new CheckpointException(file, "header length " + Long.toUnsignedString(length)
                    + " is not plausible (a safetensors header is 2 to " + MAX_HEADER_BYTES + " bytes); not a safetensors file?");
        }
        if (length > fileSize - 8) {
            throw new CheckpointException(file, "header length " + length + " runs past the end of the file ("
                    + fileSize + " bytes); truncated?");
        }
        byte[] json = readFully(channel, 8, (int) length).array();
        long dataStart = 8 + length;
        var header = new SafetensorsHeader(file, dataStart, fileSize - dataStart, entries(file, json, fileSize - dataStart));
        header.requireDisjoint();
        return header;
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(bytes);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException();
            }
        }
        return buffer.flip();
    }

    private static Map<String, Entry> entries(Path file, byte[] json, long dataBytes) {
        JsonNode root;
        try {
            root = SpecJson.mapper().reader()
                    .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(json);
        } catch (JacksonException e) {
            throw new CheckpointException(file, "header is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointException(file, "header must be a JSON object of tensors");
        }
        var entries = new LinkedHashMap<String, Entry>();
        for (var property : root.properties()) {
            if (!property.getKey().equals("__metadata__")) {
                Entry entry = entry(file, property.getKey(), property.getValue());
                if (entry.end() > dataBytes) {
                    throw new CheckpointException(file, "tensor " + entry.name() + " (data bytes " + entry.begin() + " to " + entry.end()
                            + ") points past the end of the file; the data section has " + dataBytes + " bytes (truncated?)");
                }
                entries.put(entry.name(), entry);
            }
        }
        return entries;
    }

    private static Entry entry(Path file, String name, JsonNode node) {
        if (!node.isObject()) {
            throw new CheckpointException(file, "tensor " + name + ": its description must be a JSON object, was " + node);
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isString()) {
            throw new CheckpointException(file, "tensor " + name + ": dtype must be a string, was " + dtypeNode);
        }
        SafetensorsDtype dtype = SafetensorsDtype.named(dtypeNode.stringValue()).orElseThrow(() -> new CheckpointException(file,
                "tensor " + name + " has dtype '" + dtypeNode.stringValue() + "', which is not a safetensors dtype (known: "
                        + Arrays.toString(SafetensorsDtype.values()) + ")"));
        long[] shape = naturals(file, name, "shape", node.get("shape"));
        long[] offsets = naturals(file, name, "data_offsets", node.get("data_offsets"));
        if (offsets.length != 2 || offsets[0] > offsets[1]) {
            throw new CheckpointException(file, "tensor " + name + ": data_offsets must be [begin, end] with begin <= end, was "
                    + Arrays.toString(offsets));
        }
        long bytes;
        try {
            long elements = 1;
            for (long d : shape) {
                elements = Math.multiplyExact(elements, d);
            }
            bytes = dtype.bytes(elements);
        } catch (ArithmeticException e) {
            throw new CheckpointException(file, "tensor " + name + ": shape " + Arrays.toString(shape) + " of " + dtype
                    + " has no valid size (" + e.getMessage() + ")");
        }
        if (bytes != offsets[1] - offsets[0]) {
            throw new CheckpointException(file, "tensor " + name + ": shape " + Arrays.toString(shape) + " of " + dtype + " needs "
                    + bytes + " bytes but data_offsets " + Arrays.toString(offsets) + " span " + (offsets[1] - offsets[0]));
        }
        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] naturals(Path file, String tensor, String key, JsonNode node) {
        if (node == null || !node.isArray()) {
            throw new CheckpointException(file, "tensor " + tensor + ": " + key + " must be an array of integers, was " + node);
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode value = node.get(i);
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
                throw new CheckpointException(file, "tensor " + tensor + ": " + key + " must hold non-negative 64-bit integers, was " + node);
            }
            values[i] = value.longValue();
        }
        return values;
    }

    /** Two tensors sharing bytes would alias each other's weights: a damaged or hand-edited header. */
    private void requireDisjoint() {
        var byStart = new ArrayList<>(tensors.values());
        byStart.sort(Comparator.comparingLong(Entry::begin));
        Entry reaching = null;
        for (Entry e : byStart) {
            if (e.bytes() == 0) {
                continue;
            }
            if (reaching != null && e.begin() < reaching.end()) {
                throw new CheckpointException(file, "tensors " + reaching.name() + " (data bytes " + reaching.begin() + " to "
                        + reaching.end() + ") and " + e.name() + " (" + e.begin() + " to " + e.end() + ") overlap");
            }
            if (reaching == null || e.end() > reaching.end()) {
                reaching = e;
            }
        }
    }
}
