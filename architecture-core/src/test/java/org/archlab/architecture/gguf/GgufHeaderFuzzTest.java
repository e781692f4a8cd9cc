package org.archlab.architecture.gguf;

import org.archlab.architecture.Reference;
import org.archlab.architecture.validation.InvalidSpecException;
import org.archlab.architecture.validation.SpecValidator;
import org.archlab.testsupport.GgufFieldMap;
import org.archlab.testsupport.ThreadAllocation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and damaged headers made from the repository's fixtures: every field set to values that break
 * assumptions (every value type, huge, negative and overflowing counts and lengths), truncations at every
 * offset, and random byte damage from fixed seeds. Each is read as an upload (length unknown) and, but for the
 * cuts, as a file (length known), and what is read is imported as the registry does; the only failures allowed are a
 * {@link GgufFormatException} and, for an impossible spec, an {@link InvalidSpecException}, and no read may
 * allocate more than a small multiple of the bytes it was given, whatever the header declares.
 */
class GgufHeaderFuzzTest {

    /** The reader's own buffer plus the headroom of one parsed fixture. */
    private static final long FIXED_ALLOWANCE = 256 << 10;
    /** An int32 array element read into a long takes 2 bytes per byte read, and buffers that double copy it twice more. */
    private static final long ALLOWANCE_PER_BYTE = 32;

    @BeforeAll
    static void load_the_classes_an_import_needs_so_their_allocations_are_not_counted_as_a_header_s() throws IOException {
        SpecValidator.requireValid(GgufSpecImporter.importHeader(GgufHeaderReader.read(new ByteArrayInputStream(header("llama.gguf")))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama.gguf", "deepseek2.gguf"})
    void every_field_set_to_a_hostile_value_is_read_or_refused_within_bounded_memory(String fixture) {
        byte[] header = header(fixture);
        int mutations = 0;
        for (var field : GgufFieldMap.of(header)) {
            for (long value : field.hostileValues()) {
                readBothWays(field.setIn(header, value), fixture + ": " + field + " set to " + value);
                mutations++;
            }
        }
        assertThat(mutations).isGreaterThan(1500);
    }

    @ParameterizedTest
    @ValueSource(strings = "llama.gguf")
    void a_header_cut_at_every_offset_is_refused_within_bounded_memory(String fixture) {
        byte[] header = header(fixture);
        for (int end = 0; end < header.length; end++) {
            byte[] cut = Arrays.copyOf(header, end);
            var outcome = read(cut, -1, fixture + " cut at byte " + end);
            assertThat(outcome).as("%s cut at byte %d", fixture, end).isInstanceOf(GgufFormatException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void random_damage_from_a_fixed_seed_is_read_or_refused_within_bounded_memory(long seed) {
        byte[] header = header("llama.gguf");
        var random = new Random(seed);
        for (int i = 0; i < 400; i++) {
            byte[] damaged = header.clone();
            for (int hits = 1 + random.nextInt(4); hits > 0; hits--) {
                int at = random.nextInt(damaged.length);
                damaged[at] = random.nextBoolean() ? (byte) random.nextInt() : (byte) 0xff;
            }
            readBothWays(damaged, "seed " + seed + " damage #" + i);
        }
    }

    /** Reads and imports as an upload and as a file; returns the upload's outcome: the header, or the refusal. */
    private static Object readBothWays(byte[] bytes, String what) {
        Object asUpload = read(bytes, -1, what + " (upload)");
        read(bytes, bytes.length, what + " (file)");
        return asUpload;
    }

    private static Object read(byte[] bytes, long streamBytes, String what) {
        var outcome = new Object[1]; // the header, or the exception that refused it
        long allocated = ThreadAllocation.during(() -> {
            try {
                var header = GgufHeaderReader.read(new ByteArrayInputStream(bytes), streamBytes, GgufHeaderReader.Limits.DEFAULT);
                outcome[0] = header;
                SpecValidator.requireValid(GgufSpecImporter.importHeader(header));
            } catch (Throwable e) {
                outcome[0] = e;
            }
        });
        if (outcome[0] instanceof Throwable t && !(t instanceof GgufFormatException || t instanceof InvalidSpecException)) {
            throw new AssertionError(what + ": " + t, t);
        }
        assertThat(allocated).as("bytes allocated reading %s (%d bytes given)", what, bytes.length)
                .isLessThanOrEqualTo(FIXED_ALLOWANCE + ALLOWANCE_PER_BYTE * bytes.length);
        return outcome[0];
    }

    /** The fixture's header alone: its tensor data is not what these tests are about. */
    private static byte[] header(String fixture) {
        try {
            byte[] file = Files.readAllBytes(Reference.fixture(fixture));
            return Arrays.copyOf(file, GgufFieldMap.headerLength(GgufFieldMap.of(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
