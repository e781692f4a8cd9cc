package org.archlab.inference.tokenizer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a metadata-only GGUF (version 3, no tensors) with string, string-array and integer values. */
final class GgufMetadataFile {

    private final Map<String, Object> metadata = new LinkedHashMap<>();

    GgufMetadataFile put(String key, Object value) {
        metadata.put(key, value);
        return this;
    }

    Path writeTo(Path file) {
        var out = new ByteArrayOutputStream();
        out.writeBytes("GGUF".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(le(4).putInt(3).array());
        out.writeBytes(le(8).putLong(0).array());
        out.writeBytes(le(8).putLong(metadata.size()).array());
        metadata.forEach((key, value) -> {
            string(out, key);
            switch (value) {
                case String s -> {
                    out.writeBytes(le(4).putInt(8).array());
                    string(out, s);
                }
                case Integer i -> out.writeBytes(le(8).putInt(5).putInt(i).array());
                case List<?> list -> {
                    out.writeBytes(le(4).putInt(9).array());
                    out.writeBytes(le(4).putInt(8).array());
                    out.writeBytes(le(8).putLong(list.size()).array());
                    list.forEach(e -> string(out, (String) e));
                }
                default -> throw new IllegalArgumentException("cannot write " + value);
            }
        });
        try {
            return Files.write(file, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(le(8).putLong(bytes.length).array());
        out.writeBytes(bytes);
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
