package org.archlab.inference.checkpoint;

import org.archlab.inference.Fixtures;
import org.archlab.testsupport.GgufFieldMap;
import org.archlab.testsupport.ThreadAllocation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine opening damaged and hostile GGUF files from disk: every header field of a fixture set to hostile
 * values, the file cut across its header (every 7th offset: the core's GgufHeaderFuzzTest cuts at every one) and
 * across its data, and random damage from fixed seeds.
 * The only failure allowed is a {@link CheckpointException}, and opening a file allocates on the heap no more
 * than a small multiple of its header, whatever the header declares (the weights are mapped, not read).
 */
class GgufCheckpointFuzzTest {

    private static final String FIXTURE = "llama_q4_0";
    /**
     * The reader's buffer, the opened checkpoint's tensor views, a parsed header of this size and the classes a
     * new refusal path loads; what a hostile header declares (2^24 elements and up) would cost 64 MiB or more.
     */
    private static final long FIXED_ALLOWANCE = 2 << 20;
    private static final long ALLOWANCE_PER_HEADER_BYTE = 32;

    @TempDir
    Path dir;

    private byte[] original;
    private List<GgufFieldMap.Field> fields;
    private int headerLength;

    @BeforeEach
    void fixture() throws IOException {
        original = Files.readAllBytes(Fixtures.gguf(FIXTURE));
        fields = GgufFieldMap.of(original);
        headerLength = GgufFieldMap.headerLength(fields);
        open(write("warm-up.gguf", original), "the fixture as it is"); // loads the classes an open needs
    }

    @Test
    void every_header_field_set_to_a_hostile_value_opens_or_is_refused_within_bounded_memory() throws IOException {
        Path file = write("mutated.gguf", original);
        int mutations = 0;
        try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (var field : fields) {
                for (long value : field.hostileValues()) {
                    byte[] mutated = field.setIn(original, value);
                    overwrite(channel, mutated, field);
                    open(file, field + " set to " + value);
                    mutations++;
                }
                overwrite(channel, original, field);
            }
        }
        assertThat(mutations).isGreaterThan(1500);
    }

    @Test
    void a_file_cut_anywhere_in_its_header_or_data_is_refused_within_bounded_memory() throws IOException {
        for (int end = 0; end < original.length; end += end < headerLength ? 7 : 997) {
            Path cut = write("cut.gguf", Arrays.copyOf(original, end));
            Object outcome = open(cut, "cut at byte " + end);
            assertThat(outcome).as("cut at byte %d", end).isInstanceOf(CheckpointException.class);
        }
    }

    @Test
    void random_damage_to_the_header_from_fixed_seeds_opens_or_is_refused_within_bounded_memory() throws IOException {
        Path file = write("damaged.gguf", original);
        try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (long seed = 1; seed <= 4; seed++) {
                var random = new Random(seed);
                for (int i = 0; i < 250; i++) {
                    int at = random.nextInt(headerLength);
                    byte[] damage = new byte[1 + random.nextInt(8)];
                    random.nextBytes(damage);
                    channel.write(ByteBuffer.wrap(damage), at);
                    open(file, "seed " + seed + " damage #" + i);
                    channel.write(ByteBuffer.wrap(original, at, damage.length), at);
                }
            }
        }
    }

    /** Opens and closes the file; returns the refusal, or null where it opened. */
    private Object open(Path file, String what) {
        var outcome = new Object[1];
        long allocated = ThreadAllocation.during(() -> {
            try (var checkpoint = GgufCheckpoint.open(file, LoadMode.MAPPED)) {
                checkpoint.dataBytes();
            } catch (Throwable e) {
                outcome[0] = e;
            }
        });
        if (outcome[0] instanceof Throwable t && !(t instanceof CheckpointException)) {
            throw new AssertionError(what + ": " + t, t);
        }
        assertThat(allocated).as("bytes allocated opening %s", what)
                .isLessThanOrEqualTo(FIXED_ALLOWANCE + ALLOWANCE_PER_HEADER_BYTE * headerLength);
        return outcome[0];
    }

    private static void overwrite(FileChannel channel, byte[] bytes, GgufFieldMap.Field field) throws IOException {
        channel.write(ByteBuffer.wrap(bytes, field.offset(), field.width()), field.offset());
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
