package org.archlab.architecture.gguf;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The header of a GGUF file: metadata and tensor descriptions, without the tensor data.
 * Metadata values are {@code Long} (integers), {@code Double} (floats), {@code Boolean}, {@code String},
 * or, for arrays, {@code List<String>}, {@code long[]}, {@code double[]} or {@code boolean[]}.
 *
 * @param version     GGUF version (2 or 3)
 * @param metadata    key/value metadata in file order
 * @param tensors     tensor descriptions in file order
 * @param headerBytes bytes from the start of the file to the end of the tensor descriptions
 * @param dataOffset  where the tensor data section starts (headerBytes rounded up to the alignment)
 */
public record GgufHeader(int version, Map<String, Object> metadata, List<GgufTensorInfo> tensors, long headerBytes,
                         long dataOffset) {

    public String architecture() {
        return string("general.architecture").orElseThrow(
                () -> new GgufFormatException("metadata key general.architecture is missing"));
    }

    public Optional<String> string(String key) {
        return Optional.ofNullable(metadata.get(key)).map(v -> {
            if (v instanceof String s) {
                return s;
            }
            throw new GgufFormatException("metadata key " + key + " must be a string, was " + v.getClass().getSimpleName());
        });
    }

    public Optional<Long> integer(String key) {
        return Optional.ofNullable(metadata.get(key)).map(v -> {
            if (v instanceof Long l) {
                return l;
            }
            throw new GgufFormatException("metadata key " + key + " must be an integer, was " + v.getClass().getSimpleName());
        });
    }

    public Optional<Double> number(String key) {
        return Optional.ofNullable(metadata.get(key)).map(v -> {
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            throw new GgufFormatException("metadata key " + key + " must be a number, was " + v.getClass().getSimpleName());
        });
    }

    public Optional<Boolean> bool(String key) {
        return Optional.ofNullable(metadata.get(key)).map(v -> {
            if (v instanceof Boolean b) {
                return b;
            }
            throw new GgufFormatException("metadata key " + key + " must be a boolean, was " + v.getClass().getSimpleName());
        });
    }

    public Optional<GgufTensorInfo> tensor(String name) {
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public long alignment() {
        return integer("general.alignment").orElse(32L);
    }
}
