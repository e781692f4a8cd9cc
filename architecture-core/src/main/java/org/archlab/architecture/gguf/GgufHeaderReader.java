package org.archlab.architecture.gguf;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a GGUF header (versions 2 and 3) from a stream, stopping after the tensor descriptions, so a
 * multi-gigabyte file costs only its header. A header declares the sizes of what follows, and a hostile
 * one declares anything; so nothing is allocated because it is declared. Every count and length is first
 * checked against what the stream can still deliver (where its length is known, as for a file) and against
 * the import's {@link Limits#budgetBytes() budget}, and arrays and strings then grow only as their bytes
 * arrive. What fails gets a {@link GgufFormatException} naming the part and the declared and available sizes.
 */
public final class GgufHeaderReader {

    /**
     * What one header may cost.
     *
     * @param budgetBytes the heap its parsed metadata and tensor descriptions may take, at most 1 GiB
     */
    public record Limits(long budgetBytes) {

        /** Real headers take up to about 25 MiB (Llama 3: 128k tokens and 280k merges); a hostile one stops here. */
        public static final Limits DEFAULT = new Limits(64L << 20);

        public Limits {
            if (budgetBytes <= 0 || budgetBytes > 1L << 30) {
                throw new IllegalArgumentException("budgetBytes must be between 1 and 1 GiB, was " + budgetBytes);
            }
        }
    }

    private static final int MAGIC = 0x46554747; // "GGUF" little-endian
    private static final int MAX_DIMS = 4;
    private static final int TYPE_STRING = 8;
    private static final int TYPE_ARRAY = 9;

    // What parsed parts cost on the heap beyond their bytes, so the budget bounds memory, not only bytes read.
    private static final int ENTRY_COST = 96;   // a metadata entry: map node, key String, boxed value
    private static final int STRING_COST = 48;  // a String in an array: object, byte[] header, list slot
    private static final int TENSOR_COST = 128; // a tensor description: record, name String, dims array, list slot

    // The fewest bytes a part takes in the file, to refuse counts no remaining bytes could hold.
    private static final int ENTRY_MIN_BYTES = 8 + 4 + 1;          // key length, value type, a one-byte value
    private static final int TENSOR_MIN_BYTES = 8 + 4 + 8 + 4 + 8; // name length, dimension count, one dimension, type, offset

    /** Buffers start at this many elements and double as elements arrive. */
    private static final int FIRST_CAPACITY = 1024;

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final InputStream in;
    /** Bytes read ahead from {@code in}: those from {@code next} to {@code end} are still to be parsed. */
    private final byte[] buffer = new byte[16 << 10];
    private int next;
    private int end;
    /** Bytes parsed before the buffer's start. */
    private long consumed;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
    private final long streamBytes;
    private final long budgetBytes;
    private long budgetLeft;

    private GgufHeaderReader(InputStream in, long streamBytes, Limits limits) {
        this.in = in;
        this.streamBytes = streamBytes;
        this.budgetBytes = limits.budgetBytes();
        this.budgetLeft = limits.budgetBytes();
    }

    /** Reads an upload or other stream of unknown length, within the default budget. */
    public static GgufHeader read(InputStream in) throws IOException {
        return read(in, Limits.DEFAULT);
    }

    public static GgufHeader read(InputStream in, Limits limits) throws IOException {
        return new GgufHeaderReader(in, -1, limits).header();
    }

    /** Reads a file's header: counts are also checked against the bytes the file still holds. */
    public static GgufHeader read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, Files.size(file), Limits.DEFAULT);
        }
    }

    /**
     * @param streamBytes the bytes {@code in} holds from its current position, as for a file; -1 if unknown
     */
    public static GgufHeader read(InputStream in, long streamBytes, Limits limits) throws IOException {
        return new GgufHeaderReader(in, streamBytes, limits).header();
    }

    private GgufHeader header() throws IOException {
        int magic = readInt("magic");
        if (magic != MAGIC) {
            throw new GgufFormatException(String.format("not a GGUF file: magic is 0x%08x, expected \"GGUF\"", magic));
        }
        int version = readInt("version");
        if (version != 2 && version != 3) {
            throw new GgufFormatException("version", "unsupported GGUF version " + version + " (2 and 3 are supported)", null);
        }
        long tensorCount = readCount("tensor count", "tensor count", "tensors", TENSOR_MIN_BYTES, TENSOR_COST);
        long metadataCount = readCount("metadata count", "metadata count", "entries", ENTRY_MIN_BYTES, ENTRY_COST);
        var metadata = new LinkedHashMap<String, Object>();
        for (long i = 0; i < metadataCount; i++) {
            String key = readString("metadata key #" + i);
            int type = readInt(key);
            metadata.put(key, readValue(type, key));
        }
        var tensors = new ArrayList<GgufTensorInfo>((int) Math.min(tensorCount, FIRST_CAPACITY));
        for (long i = 0; i < tensorCount; i++) {
            tensors.add(readTensorInfo(i));
        }
        long alignment = metadata.get("general.alignment") instanceof Long a ? a : 32;
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0) {
            throw new GgufFormatException("general.alignment", "general.alignment must be a power of two, was " + alignment, null);
        }
        long headerBytes = position();
        long dataOffset = (headerBytes + alignment - 1) / alignment * alignment;
        return new GgufHeader(version, Map.copyOf(metadata), List.copyOf(tensors), headerBytes, dataOffset);
    }

    private GgufTensorInfo readTensorInfo(long index) throws IOException {
        String name = readString("tensor #" + index);
        String part = "tensor " + name;
        int nDims = readInt(part);
        if (nDims < 1 || nDims > MAX_DIMS) {
            throw new GgufFormatException(part, part + ": " + nDims + " dimensions (1 to " + MAX_DIMS + " allowed)", null);
        }
        long[] dims = new long[nDims];
        long elements = 1;
        for (int d = 0; d < nDims; d++) {
            dims[d] = readLong(part);
            if (dims[d] <= 0) {
                throw new GgufFormatException(part, part + ": dimension " + d + " is " + dims[d] + ", must be positive", null);
            }
            try {
                elements = Math.multiplyExact(elements, dims[d]);
            } catch (ArithmeticException e) {
                throw new GgufFormatException(part, part + ": element count overflows 64 bits", null);
            }
        }
        int type = readInt(part);
        long offset = readLong(part);
        if (type < 0 || offset < 0) {
            throw new GgufFormatException(part, part + ": negative type (" + type + ") or offset (" + offset + ")", null);
        }
        return new GgufTensorInfo(name, dims, type, offset);
    }

    private Object readValue(int type, String key) throws IOException {
        return switch (type) {
            case 0 -> (long) readByte(key) & 0xff;
            case 1 -> (long) (byte) readByte(key);
            case 2 -> (long) readShort(key) & 0xffff;
            case 3 -> (long) (short) readShort(key);
            case 4 -> (long) readInt(key) & 0xffffffffL;
            case 5 -> (long) readInt(key);
            case 6 -> (double) Float.intBitsToFloat(readInt(key));
            case 7 -> readBool(key);
            case TYPE_STRING -> readString(key);
            case TYPE_ARRAY -> readArray(key);
            case 10, 11 -> readLong(key);
            case 12 -> Double.longBitsToDouble(readLong(key));
            default -> throw new GgufFormatException(key, "metadata " + key + ": unknown value type " + type, null);
        };
    }

    /** Bytes one element of a scalar type takes in the file (a string: its length field), or 0 for no such type. */
    private static int elementBytes(int type) {
        return switch (type) {
            case 0, 1, 7 -> 1;
            case 2, 3 -> 2;
            case 4, 5, 6 -> 4;
            case TYPE_STRING, 10, 11, 12 -> 8;
            default -> 0;
        };
    }

    private Object readArray(String key) throws IOException {
        int elementType = readInt(key);
        int elementBytes = elementBytes(elementType);
        if (elementBytes == 0) {
            throw new GgufFormatException(key, "metadata " + key + ": unsupported array element type " + elementType, null);
        }
        int heapBytes = switch (elementType) {
            case TYPE_STRING -> STRING_COST;
            case 7 -> 1;
            default -> Long.BYTES;
        };
        int n = (int) readCount("array " + key, key, "elements", elementBytes, heapBytes);
        return switch (elementType) {
            case TYPE_STRING -> {
                var strings = new ArrayList<String>(Math.min(n, FIRST_CAPACITY));
                for (int i = 0; i < n; i++) {
                    strings.add(readString(key));
                }
                yield strings;
            }
            case 6, 12 -> {
                double[] values = new double[Math.min(n, FIRST_CAPACITY)];
                for (int i = 0; i < n; i++) {
                    values = i < values.length ? values : Arrays.copyOf(values, grown(values.length, n));
                    values[i] = (double) readValue(elementType, key);
                }
                yield values;
            }
            case 7 -> {
                boolean[] values = new boolean[Math.min(n, FIRST_CAPACITY)];
                for (int i = 0; i < n; i++) {
                    values = i < values.length ? values : Arrays.copyOf(values, grown(values.length, n));
                    values[i] = readBool(key);
                }
                yield values;
            }
            default -> {
                long[] values = new long[Math.min(n, FIRST_CAPACITY)];
                for (int i = 0; i < n; i++) {
                    values = i < values.length ? values : Arrays.copyOf(values, grown(values.length, n));
                    values[i] = (long) readValue(elementType, key);
                }
                yield values;
            }
        };
    }

    private static int grown(int capacity, int declared) {
        return (int) Math.min(declared, 2L * capacity);
    }

    /**
     * Reads a count of {@code unit} and refuses it unless the stream can still hold that many and the budget
     * can pay for them; the budget is charged here, before any of them is read.
     */
    private long readCount(String what, String part, String unit, int minBytesEach, int heapBytesEach) throws IOException {
        long count = readLong(part);
        if (count < 0) {
            throw new GgufFormatException(part, what + ": " + Long.toUnsignedString(count) + " " + unit
                    + " declared, more than any file holds", null);
        }
        long remaining = streamBytes < 0 ? Long.MAX_VALUE : streamBytes - position();
        if (count > remaining / minBytesEach) {
            throw new GgufFormatException(part, what + ": " + count + " " + unit + " declared, needing at least "
                    + sizeOf(count, minBytesEach) + " bytes, but only " + remaining + " bytes of the file remain", null);
        }
        if (count > budgetLeft / heapBytesEach) {
            throw new GgufFormatException(part, what + ": " + count + " " + unit + " declared, needing about "
                    + sizeOf(count, heapBytesEach) + " bytes once read, but only " + budgetLeft
                    + " bytes are left of the header's budget of " + budgetBytes, null);
        }
        budgetLeft -= count * heapBytesEach;
        return count;
    }

    private static String sizeOf(long count, int bytesEach) {
        return Math.multiplyHigh(count, bytesEach) == 0 && count * bytesEach >= 0
                ? Long.toString(count * bytesEach) : "more than " + Long.MAX_VALUE;
    }

    private String readString(String part) throws IOException {
        int length = (int) readCount("string length of " + part, part, "bytes", 1, 1);
        byte[] bytes = readBytes(length, part);
        try {
            return utf8.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            // Byte-level BPE vocabularies may hold invalid UTF-8 pieces; keep them readable, not fatal.
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private boolean readBool(String what) throws IOException {
        int b = readByte(what);
        if (b != 0 && b != 1) {
            throw new GgufFormatException(what, what + ": boolean byte is " + b, null);
        }
        return b == 1;
    }

    private int readByte(String what) throws IOException {
        require(1, what);
        return buffer[next++] & 0xff;
    }

    private int readShort(String what) throws IOException {
        require(2, what);
        int value = (int) SHORT.get(buffer, next) & 0xffff;
        next += 2;
        return value;
    }

    private int readInt(String what) throws IOException {
        require(4, what);
        int value = (int) INT.get(buffer, next);
        next += 4;
        return value;
    }

    private long readLong(String what) throws IOException {
        require(8, what);
        long value = (long) LONG.get(buffer, next);
        next += 8;
        return value;
    }

    /** Makes the next {@code n} bytes (at most the buffer's size) available in the buffer. */
    private void require(int n, String what) throws IOException {
        if (end - next >= n) {
            return;
        }
        System.arraycopy(buffer, next, buffer, 0, end - next);
        end -= next;
        consumed += next;
        next = 0;
        while (end < n) {
            int read = in.read(buffer, end, buffer.length - end);
            if (read < 0) {
                throw truncated(what);
            }
            end += read;
        }
    }

    /** The bytes of a string, in an array that grows as they arrive rather than to the length declared. */
    private byte[] readBytes(int n, String what) throws IOException {
        byte[] bytes = new byte[Math.min(n, FIRST_CAPACITY)];
        int filled = 0;
        while (filled < n) {
            if (filled == bytes.length) {
                bytes = Arrays.copyOf(bytes, grown(bytes.length, n));
            }
            require(1, what);
            int chunk = Math.min(end - next, bytes.length - filled);
            System.arraycopy(buffer, next, bytes, filled, chunk);
            next += chunk;
            filled += chunk;
        }
        return bytes;
    }

    /** Bytes of the header read so far. */
    private long position() {
        return consumed + next;
    }

    private GgufFormatException truncated(String what) {
        return new GgufFormatException(what, "file is truncated: it ends at byte " + (consumed + end) + " while reading " + what,
                new EOFException());
    }
}
