package org.archlab.testsupport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each field of a well-formed GGUF header lies, walked independently of the reader so the fuzz tests
 * can aim at every field: counts, lengths, value types, values, dimensions and offsets. Of an array's
 * elements only the first two and the last are listed: the reader treats the ones between alike, and a
 * vocabulary has thousands.
 */
public final class GgufFieldMap {

    /** What a field holds, which decides the values worth putting there. */
    public enum Kind { VERSION, COUNT, LENGTH, TYPE, VALUE, DIMENSIONS, DIMENSION, OFFSET }

    // What to put in a field, by what it holds: every value type in a type field; sizes at and past every
    // boundary (2^24, 2^31, 2^32, 2^63) in counts, lengths, dimensions and offsets; extremes in values.
    private static final long[] TYPES = {-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 30, Integer.MAX_VALUE};
    private static final long[] SIZES = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 24, 1L << 31, 1L << 32, 1L << 40,
            (1L << 63) + 1};
    private static final long[] SMALL_COUNTS = {-1, 0, 1, 2, 3, 5, Integer.MAX_VALUE, Integer.MIN_VALUE};
    private static final long[] VALUES = {0, -1, 0x80, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 24};

    /** A field of {@code width} bytes at {@code offset}. */
    public record Field(int offset, int width, Kind kind) {

        /** The values a hostile or damaged file might hold here. */
        public long[] hostileValues() {
            return (switch (kind) {
                case TYPE -> TYPES;
                case COUNT, LENGTH, DIMENSION, OFFSET -> SIZES;
                case VERSION, DIMENSIONS -> SMALL_COUNTS;
                case VALUE -> VALUES;
            }).clone();
        }

        /** {@code header} with this field set to {@code value} (its low bytes, for a narrow field). */
        public byte[] setIn(byte[] header, long value) {
            byte[] copy = header.clone();
            var b = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
            switch (width) {
                case 1 -> b.put(offset, (byte) value);
                case 2 -> b.putShort(offset, (short) value);
                case 4 -> b.putInt(offset, (int) value);
                default -> b.putLong(offset, value);
            }
            return copy;
        }
    }

    private final ByteBuffer b;
    private final List<Field> fields = new ArrayList<>();

    private GgufFieldMap(byte[] file) {
        this.b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The fields of {@code file}'s header, in file order, and the header's length as the last field's end. */
    public static List<Field> of(byte[] file) {
        var map = new GgufFieldMap(file);
        map.walk();
        return List.copyOf(map.fields);
    }

    /** Bytes of the header: its last field is a tensor's offset, which is always listed. */
    public static int headerLength(List<Field> fields) {
        Field last = fields.getLast();
        return last.offset() + last.width();
    }

    private void walk() {
        b.position(4);
        field(4, Kind.VERSION);
        long tensors = field(8, Kind.COUNT);
        long entries = field(8, Kind.COUNT);
        for (long i = 0; i < entries; i++) {
            string(true);
            value((int) field(4, Kind.TYPE), true);
        }
        for (long i = 0; i < tensors; i++) {
            string(true);
            long dims = field(4, Kind.DIMENSIONS);
            for (long d = 0; d < dims; d++) {
                field(8, Kind.DIMENSION);
            }
            field(4, Kind.TYPE);
            field(8, Kind.OFFSET);
        }
    }

    private void value(int type, boolean listed) {
        switch (type) {
            case 0, 1, 7 -> field(1, Kind.VALUE, listed);
            case 2, 3 -> field(2, Kind.VALUE, listed);
            case 4, 5, 6 -> field(4, Kind.VALUE, listed);
            case 10, 11, 12 -> field(8, Kind.VALUE, listed);
            case 8 -> string(listed);
            case 9 -> {
                int elementType = (int) field(4, Kind.TYPE);
                long length = field(8, Kind.COUNT);
                for (long i = 0; i < length; i++) {
                    value(elementType, listed && (i < 2 || i == length - 1));
                }
            }
            default -> throw new IllegalArgumentException("fixture has value type " + type);
        }
    }

    private void string(boolean listed) {
        long length = field(8, Kind.LENGTH, listed);
        b.position(b.position() + (int) length);
    }

    private long field(int width, Kind kind) {
        return field(width, kind, true);
    }

    private long field(int width, Kind kind, boolean listed) {
        int at = b.position();
        if (listed) {
            fields.add(new Field(at, width, kind));
        }
        return switch (width) {
            case 1 -> b.get() & 0xff;
            case 2 -> b.getShort() & 0xffff;
            case 4 -> b.getInt();
            default -> b.getLong();
        };
    }
}
