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

    /** A field of {@code width} bytes at {@code offset}. */
    public record Field(int offset, int width, Kind kind) {
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
