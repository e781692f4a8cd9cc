package org.archlab.architecture.gguf;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a GGUF header (versions 2 and 3) from a stream, stopping after the tensor descriptions, so a
 * multi-gigabyte file costs only its header. Every count and length is checked against limits before
 * anything is allocated: a damaged or hostile file fails with a {@link GgufFormatException} that says
 * what is wrong, never with an absurd allocation.
 */
public final class GgufHeaderReader {

    /** Limits that bound what a header may make us allocate. */
    public record Limits(long maxHeaderBytes, long maxArrayLength, int maxStringBytes, long maxTensors, long maxMetadataEntries) {
        public static final Limits DEFAULT = new Limits(256L << 20, 16L << 20, 16 << 20, 1L << 20, 1L << 16);
    }

    private static final int MAGIC = 0x46554747; // "GGUF" little-endian
    private static final int MAX_DIMS = 4;

    private final InputStream in;
    private final Limits limits;
    private final byte[] scratch = new byte[8];
    private long position;

    private GgufHeaderReader(InputStream in, Limits limits) {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
        this.limits = limits;
    }

    public static GgufHeader read(InputStream in) throws IOException {
        return read(in, Limits.DEFAULT);
    }

    public static GgufHeader read(InputStream in, Limits limits) throws IOException {
        return new GgufHeaderReader(in, limits).header();
    }

    private GgufHeader header() throws IOException {
        int magic = readInt("magic");
        if (magic != MAGIC) {
            throw new GgufFormatException(String.format("not a GGUF file: magic is 0x%08x, expected \"GGUF\"", magic));
        }
        int version = readInt("version");
        if (version != 2 && version != 3) {
            throw new GgufFormatException("unsupported GGUF version " + version + " (2 and 3 are supported)");
        }
        long tensorCount = readCount("tensor count", limits.maxTensors());
        long metadataCount = readCount("metadata count", limits.maxMetadataEntries());
        var metadata = new LinkedHashMap<String, Object>();
        for (long i = 0; i < metadataCount; i++) {
            String key = readString("metadata key #" + i);
            int type = readInt("type of metadata " + key);
            metadata.put(key, readValue(type, key));
        }
        var tensors = new ArrayList<GgufTensorInfo>((int) Math.min(tensorCount, 4096));
        for (long i = 0; i < tensorCount; i++) {
            tensors.add(readTensorInfo(i));
        }
        long alignment = metadata.get("general.alignment") instanceof Long a ? a : 32;
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0) {
            throw new GgufFormatException("general.alignment must be a power of two, was " + alignment);
        }
        long dataOffset = (position + alignment - 1) / alignment * alignment;
        return new GgufHeader(version, Map.copyOf(metadata), List.copyOf(tensors), position, dataOffset);
    }

    private GgufTensorInfo readTensorInfo(long index) throws IOException {
        String name = readString("name of tensor #" + index);
        int nDims = readInt("dimension count of tensor " + name);
        if (nDims < 1 || nDims > MAX_DIMS) {
            throw new GgufFormatException("tensor " + name + ": " + nDims + " dimensions (1 to " + MAX_DIMS + " allowed)");
        }
        long[] dims = new long[nDims];
        long elements = 1;
        for (int d = 0; d < nDims; d++) {
            dims[d] = readLong("dimension " + d + " of tensor " + name);
            if (dims[d] <= 0) {
                throw new GgufFormatException("tensor " + name + ": dimension " + d + " is " + dims[d] + ", must be positive");
            }
            try {
                elements = Math.multiplyExact(elements, dims[d]);
            } catch (ArithmeticException e) {
                throw new GgufFormatException("tensor " + name + ": element count overflows 64 bits");
            }
        }
        int type = readInt("type of tensor " + name);
        long offset = readLong("offset of tensor " + name);
        if (type < 0 || offset < 0) {
            throw new GgufFormatException("tensor " + name + ": negative type (" + type + ") or offset (" + offset + ")");
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
            case 8 -> readString(key);
            case 9 -> readArray(key);
            case 10, 11 -> readLong(key);
            case 12 -> Double.longBitsToDouble(readLong(key));
            default -> throw new GgufFormatException("metadata " + key + ": unknown value type " + type);
        };
    }

    private Object readArray(String key) throws IOException {
        int elementType = readInt("element type of " + key);
        long length = readCount("length of array " + key, limits.maxArrayLength());
        int n = (int) length;
        switch (elementType) {
            case 8 -> {
                var strings = new ArrayList<String>(Math.min(n, 1 << 16));
                for (int i = 0; i < n; i++) {
                    strings.add(readString(key + "[" + i + "]"));
                }
                return strings;
            }
            case 6, 12 -> {
                double[] values = new double[n];
                for (int i = 0; i < n; i++) {
                    values[i] = (double) readValue(elementType, key);
                }
                return values;
            }
            case 7 -> {
                boolean[] values = new boolean[n];
                for (int i = 0; i < n; i++) {
                    values[i] = readBool(key);
                }
                return values;
            }
            case 0, 1, 2, 3, 4, 5, 10, 11 -> {
                long[] values = new long[n];
                for (int i = 0; i < n; i++) {
                    values[i] = (long) readValue(elementType, key);
                }
                return values;
            }
            default -> throw new GgufFormatException("metadata " + key + ": unsupported array element type " + elementType);
        }
    }

    private long readCount(String what, long max) throws IOException {
        long count = readLong(what);
        if (count < 0 || count > max) {
            throw new GgufFormatException(what + " is " + Long.toUnsignedString(count) + ", more than the limit of " + max);
        }
        return count;
    }

    private String readString(String what) throws IOException {
        long length = readLong("length of " + what);
        if (length < 0 || length > limits.maxStringBytes()) {
            throw new GgufFormatException(what + ": string length " + Long.toUnsignedString(length)
                    + " exceeds the limit of " + limits.maxStringBytes() + " bytes");
        }
        byte[] bytes = readBytes((int) length, what);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            // Byte-level BPE vocabularies may hold invalid UTF-8 pieces; keep them readable, not fatal.
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private boolean readBool(String what) throws IOException {
        int b = readByte(what);
        if (b != 0 && b != 1) {
            throw new GgufFormatException(what + ": boolean byte is " + b);
        }
        return b == 1;
    }

    private int readByte(String what) throws IOException {
        fill(1, what);
        return scratch[0] & 0xff;
    }

    private int readShort(String what) throws IOException {
        fill(2, what);
        return (scratch[0] & 0xff) | (scratch[1] & 0xff) << 8;
    }

    private int readInt(String what) throws IOException {
        fill(4, what);
        return (scratch[0] & 0xff) | (scratch[1] & 0xff) << 8 | (scratch[2] & 0xff) << 16 | (scratch[3] & 0xff) << 24;
    }

    private long readLong(String what) throws IOException {
        fill(8, what);
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = value << 8 | (scratch[i] & 0xff);
        }
        return value;
    }

    private void fill(int n, String what) throws IOException {
        advance(n, what);
        int read = in.readNBytes(scratch, 0, n);
        if (read < n) {
            throw truncated(what);
        }
    }

    private byte[] readBytes(int n, String what) throws IOException {
        advance(n, what);
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw truncated(what);
        }
        return bytes;
    }

    private void advance(long n, String what) {
        position += n;
        if (position > limits.maxHeaderBytes()) {
            throw new GgufFormatException("header exceeds " + limits.maxHeaderBytes() + " bytes while reading " + what);
        }
    }

    private static GgufFormatException truncated(String what) {
        return new GgufFormatException("file is truncated: it ends while reading " + what, new EOFException());
    }
}
