package org.archlab.architecture.gguf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code <architecture>.*} metadata keys of one GGUF header, read the way llama.cpp's loader reads them:
 * a missing optional key leaves the caller's default, a key that may hold one value per layer is accepted as a
 * scalar or as an array, and a value the spec cannot represent is refused with an error that names the key.
 * See docs/gguf-keys.md for which keys each family reads.
 */
final class FamilyKeys {

    private final GgufHeader h;
    private final String arch;

    FamilyKeys(GgufHeader header, String arch) {
        this.h = header;
        this.arch = arch;
    }

    String name(String suffix) {
        return arch + "." + suffix;
    }

    boolean present(String suffix) {
        return h.metadata().containsKey(name(suffix));
    }

    int requiredInt(String suffix) {
        String key = name(suffix);
        return inIntRange(key, h.integer(key).orElseThrow(() -> new GgufFormatException(key, "metadata key " + key + " is missing", null)));
    }

    /** A key the importer divides by. */
    int positiveInt(String suffix) {
        int value = requiredInt(suffix);
        if (value == 0) {
            throw refused(suffix, "must be positive, was 0");
        }
        return value;
    }

    Optional<Integer> optionalInt(String suffix) {
        String key = name(suffix);
        return h.integer(key).map(value -> inIntRange(key, value));
    }

    Optional<Double> number(String suffix) {
        return h.number(name(suffix));
    }

    double requiredNumber(String suffix) {
        String key = name(suffix);
        return h.number(key).orElseThrow(() -> new GgufFormatException(key, "metadata key " + key + " is missing", null));
    }

    Optional<Boolean> bool(String suffix) {
        return h.bool(name(suffix));
    }

    Optional<String> string(String suffix) {
        return h.string(name(suffix));
    }

    /**
     * A key llama.cpp reads as one value or one value per layer ({@code get_key_or_arr}): the spec has one value
     * for every layer, so an array must repeat a single value.
     */
    Optional<Integer> uniformInt(String suffix, int layers) {
        String key = name(suffix);
        Object value = h.metadata().get(key);
        if (!(value instanceof long[] perLayer)) {
            return optionalInt(suffix);
        }
        if (perLayer.length != layers) {
            throw refused(suffix, "has " + perLayer.length + " entries, one per layer expected (" + layers + ")");
        }
        for (long entry : perLayer) {
            if (entry != perLayer[0]) {
                throw refused(suffix, "differs between layers; ArchLab's spec has one value for all layers");
            }
        }
        return perLayer.length == 0 ? Optional.empty() : Optional.of(inIntRange(key, perLayer[0]));
    }

    /**
     * A period llama.cpp reads with its scalar-only {@code get_key_or_arr}: an array there is skipped as if the
     * key were absent, so it is here too.
     */
    Optional<Integer> scalarPeriod(String suffix) {
        return h.metadata().get(name(suffix)) instanceof Long ? optionalInt(suffix) : Optional.empty();
    }

    /** A per-layer flag array (integers or booleans, non-zero = set) of exactly {@code layers} entries; empty if absent. */
    Optional<List<Boolean>> layerFlags(String suffix, int layers) {
        Object value = h.metadata().get(name(suffix));
        if (value == null) {
            return Optional.empty();
        }
        var flags = new ArrayList<Boolean>();
        switch (value) {
            case long[] entries -> {
                for (long entry : entries) {
                    flags.add(entry != 0);
                }
            }
            case boolean[] entries -> {
                for (boolean entry : entries) {
                    flags.add(entry);
                }
            }
            case Long scalar -> {
                for (int i = 0; i < layers; i++) {
                    flags.add(scalar != 0);
                }
            }
            case Boolean scalar -> {
                for (int i = 0; i < layers; i++) {
                    flags.add(scalar);
                }
            }
            default -> throw refused(suffix, "must be an array of integers or booleans");
        }
        if (flags.size() != layers) {
            throw refused(suffix, "has " + flags.size() + " entries, one per block expected (" + layers + ")");
        }
        return Optional.of(flags);
    }

    /** An error naming the key and saying why its value cannot be used. */
    GgufFormatException refused(String suffix, String why) {
        String key = name(suffix);
        return new GgufFormatException(key, "metadata key " + key + " " + why, null);
    }

    static int inIntRange(String key, long value) {
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new GgufFormatException(key, "metadata key " + key + " is out of range: " + value, null);
        }
        return (int) value;
    }
}
