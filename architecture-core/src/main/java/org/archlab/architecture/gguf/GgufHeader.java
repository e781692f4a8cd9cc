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
        return typed(key, String.class, "a string");
    }

    public Optional<Long> integer(String key) {
        return typed(key, Long.class, "an integer");
    }

    public Optional<Double> number(String key) {
        return typed(key, Number.class, "a number").map(Number::doubleValue);
    }

    public Optional<Boolean> bool(String key) {
        return typed(key, Boolean.class, "a boolean");
    }

    private <T> Optional<T> typed(String key, Class<T> type, String expected) {
        Object value = metadata.get(key);
        if (value != null && !type.isInstance(value)) {
            throw new GgufFormatException("metadata key " + key + " must be " + expected + ", was " + value.getClass().getSimpleName());
        }
        return Optional.ofNullable(type.cast(value));
    }

    public Optional<GgufTensorInfo> tensor(String name) {
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public long alignment() {
        return integer("general.alignment").orElse(32L);
    }
}
