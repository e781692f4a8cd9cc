package org.archlab.inference.checkpoint;

import org.archlab.architecture.json.SpecJson;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.ObjectReader;

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
 * is checked against the file before anything is mapped: a length that fits the file and the budget, known
 * dtypes, sizes that match the shapes without overflowing, ranges inside the file that do not overlap.
 * The JSON is read as a stream of tokens, each tensor charged to the budget as it comes and no shape longer
 * than {@value #MAX_RANK}, so what the header costs on the heap is bounded by the budget whatever it holds.
 *
 * @param file      the file, for messages
 * @param dataStart where the data section starts in the file (8 + the header length)
 * @param dataBytes bytes of the data section
 * @param tensors   the tensors by name, in header order
 */
record SafetensorsHeader(Path file, long dataStart, long dataBytes, Map<String, Entry> tensors) {

    /**
     * The heap a header may take: its JSON bytes and what they are parsed into. The reference implementation
     * refuses headers over 100 MB; a real one takes a few hundred kilobytes.
     */
    static final long BUDGET_BYTES = 64L << 20;

    /** What a tensor description costs on the heap beyond its name: entry, map node, shape and offsets. */
    private static final int ENTRY_COST = 128;

    /** More than any tensor has (convolutions reach 5); a longer shape is damage, and would cost as it grows. */
    static final int MAX_RANK = 16;

    private static final ObjectReader JSON = SpecJson.mapper().reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

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
        if (length < 2 || length > BUDGET_BYTES) {
            throw new CheckpointException(file, "header length " + Long.toUnsignedString(length)
                    + " is not plausible (a safetensors header is 2 to " + BUDGET_BYTES + " bytes); not a safetensors file?");
        }
        if (length > fileSize - 8) {
            throw new CheckpointException(file, "header length " + length + " runs past the end of the file ("
                    + fileSize + " bytes); truncated?");
        }
        return parse(file, fileSize, readFully(channel, 8, (int) length).array());
    }

    /** The header whose JSON is {@code json}, at the start of a file of {@code fileSize} bytes. */
    static SafetensorsHeader parse(Path file, long fileSize, byte[] json) {
        long dataStart = 8L + json.length;
        var entries = new EntryParser(file, fileSize - dataStart, BUDGET_BYTES - json.length).entries(json);
        var header = new SafetensorsHeader(file, dataStart, fileSize - dataStart, entries);
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

    /** Reads the tensor descriptions token by token, charging each to what is left of the budget. */
    private static final class EntryParser {

        private final Path file;
        private final long dataBytes;
        private long budgetLeft;
        private JsonParser json;

        EntryParser(Path file, long dataBytes, long budgetLeft) {
            this.file = file;
            this.dataBytes = dataBytes;
            this.budgetLeft = budgetLeft;
        }

        Map<String, Entry> entries(byte[] header) {
            try (JsonParser parser = JSON.createParser(header)) {
                json = parser;
                if (json.nextToken() != JsonToken.START_OBJECT) {
                    throw new CheckpointException(file, "header must be a JSON object of tensors");
                }
                var entries = new LinkedHashMap<String, Entry>();
                while (json.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = json.currentName();
                    json.nextToken();
                    if (name.equals("__metadata__")) {
                        json.skipChildren();
                        continue;
                    }
                    charge(ENTRY_COST + 2L * name.length(), "tensor " + name);
                    Entry entry = entry(name);
                    if (entry.end() > dataBytes) {
                        throw new CheckpointException(file, "tensor " + entry.name() + " (data bytes " + entry.begin() + " to " + entry.end()
                                + ") points past the end of the file; the data section has " + dataBytes + " bytes (truncated?)");
                    }
                    entries.put(entry.name(), entry);
                }
                if (json.nextToken() != null) {
                    throw new CheckpointException(file, "header is not valid JSON: content after the object");
                }
                return entries;
            } catch (JacksonException e) {
                throw new CheckpointException(file, "header is not valid JSON: " + e.getOriginalMessage());
            }
        }

        private Entry entry(String name) {
            if (json.currentToken() != JsonToken.START_OBJECT) {
                throw new CheckpointException(file, "tensor " + name + ": its description must be a JSON object, was " + json.getString());
            }
            String dtypeName = null;
            long[] shape = null;
            long[] offsets = null;
            while (json.nextToken() == JsonToken.PROPERTY_NAME) {
                String key = json.currentName();
                json.nextToken();
                switch (key) {
                    case "dtype" -> {
                        if (json.currentToken() != JsonToken.VALUE_STRING) {
                            throw new CheckpointException(file, "tensor " + name + ": dtype must be a string, was " + json.getString());
                        }
                        dtypeName = json.getString();
                    }
                    case "shape" -> shape = naturals(name, key, MAX_RANK);
                    case "data_offsets" -> offsets = naturals(name, key, 2);
                    default -> json.skipChildren();
                }
            }
            if (dtypeName == null) {
                throw new CheckpointException(file, "tensor " + name + ": dtype must be a string, was missing");
            }
            String dtypeText = dtypeName;
            SafetensorsDtype dtype = SafetensorsDtype.named(dtypeText).orElseThrow(() -> new CheckpointException(file,
                    "tensor " + name + " has dtype '" + dtypeText + "', which is not a safetensors dtype (known: "
                            + Arrays.toString(SafetensorsDtype.values()) + ")"));
            if (shape == null || offsets == null) {
                throw new CheckpointException(file, "tensor " + name + ": " + (shape == null ? "shape" : "data_offsets")
                        + " must be an array of integers, was missing");
            }
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

        /** An array of at most {@code max} non-negative 64-bit integers. */
        private long[] naturals(String tensor, String key, int max) {
            if (json.currentToken() != JsonToken.START_ARRAY) {
                throw new CheckpointException(file, "tensor " + tensor + ": " + key + " must be an array of integers, was " + json.getString());
            }
            long[] values = new long[max];
            int n = 0;
            while (json.nextToken() != JsonToken.END_ARRAY) {
                if (json.currentToken() != JsonToken.VALUE_NUMBER_INT || json.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        || json.getLongValue() < 0) {
                    throw new CheckpointException(file, "tensor " + tensor + ": " + key + " must hold non-negative 64-bit integers, was "
                            + json.getString() + " at index " + n);
                }
                if (n == max) {
                    throw new CheckpointException(file, "tensor " + tensor + ": " + key + " has more than " + max + " entries");
                }
                values[n++] = json.getLongValue();
            }
            return Arrays.copyOf(values, n);
        }

        private void charge(long bytes, String what) {
            budgetLeft -= bytes;
            if (budgetLeft < 0) {
                throw new CheckpointException(file, what + ": the header needs more than its budget of " + BUDGET_BYTES
                        + " bytes on the heap (its JSON and what it describes)");
            }
        }
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
