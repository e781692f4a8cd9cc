package org.archlab.inference.checkpoint;

import org.archlab.architecture.json.SpecJson;
import org.archlab.testsupport.ThreadAllocation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Damaged and hostile {@code .safetensors} headers made from a fixture's: every number, string and key of its
 * JSON replaced by values that break assumptions, the declared length set to absurd values, the JSON cut at
 * every offset, random damage from fixed seeds, and bombs (a shape of a million dimensions, deep nesting,
 * a hundred thousand tensors, more tensors than the budget pays for). The only failure allowed is a
 * {@link CheckpointException}, and no read may allocate more than a small multiple of the header's bytes,
 * whatever the header declares. Only the declared length is written to a file (with a sparse data section);
 * the JSON is parsed as the file's would be.
 */
class SafetensorsHeaderFuzzTest {

    /** The classes of a new refusal path, Jackson's buffers, and a parsed header of this size. */
    private static final long FIXED_ALLOWANCE = 1 << 20;
    /**
     * Parsing allocates about 20 bytes per header byte, most of it short-lived (Jackson's name symbols, each
     * entry's arrays, the map); what matters is that it follows the bytes there are, not the sizes they declare.
     */
    private static final long ALLOWANCE_PER_HEADER_BYTE = 32;

    private static final List<String> HOSTILE_NUMBERS = List.of("-1", "0", "1.5", "1e400", "9223372036854775807",
            "9223372036854775808", "18446744073709551616", "4294967296", "16777216", "[]", "{}", "null", "\"1\"");
    private static final List<String> HOSTILE_STRINGS = List.of("\"\"", "\"F32\"", "\"BF16\"", "\"Q4_K\"", "\"f32\"", "1",
            "null", "{}", "[\"F32\"]");
    private static final String DAMAGE = "{}[]\",:-0123456789eE. x";
    private static final List<String> HOSTILE_KEYS = List.of("\"dtype\"", "\"shape\"", "\"data_offsets\"", "\"__metadata__\"", "\"\"");

    @TempDir
    Path dir;

    private String json;
    private long dataBytes;

    @BeforeEach
    void fixture() throws IOException {
        Path original = HfFixtureCheckpoint.write("llama", dir, 1).resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(original);
        int length = Math.toIntExact(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong());
        json = new String(bytes, 8, length, StandardCharsets.UTF_8).strip(); // the writer pads it with spaces
        dataBytes = bytes.length - 8L - length;
        assertThat(read(json)).isInstanceOf(SafetensorsHeader.class); // and loads the classes a read needs
    }

    @Test
    void every_number_string_and_key_replaced_by_a_hostile_value_is_read_or_refused_within_bounded_memory() {
        var replacements = Map.of(JsonToken.VALUE_NUMBER_INT, HOSTILE_NUMBERS, JsonToken.VALUE_STRING, HOSTILE_STRINGS,
                JsonToken.PROPERTY_NAME, HOSTILE_KEYS);
        int mutations = 0;
        for (var token : tokens(json)) {
            for (String value : replacements.getOrDefault(token.kind(), List.of())) {
                read(json.substring(0, token.start()) + value + json.substring(token.end()));
                mutations++;
            }
        }
        assertThat(mutations).isGreaterThan(1000);
    }

    @Test
    void an_absurd_declared_length_is_refused_within_bounded_memory() throws IOException {
        int length = json.getBytes(StandardCharsets.UTF_8).length;
        for (long declared : new long[]{0, 1, 2, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 24, 1L << 31, 1L << 32, 100_000_001,
                length - 1, length + 1, length + dataBytes}) {
            Object outcome = readFile(json, declared);
            assertThat(outcome).as("declared length %d", declared).isInstanceOf(CheckpointException.class);
        }
    }

    @Test
    void a_header_cut_at_every_offset_is_refused_within_bounded_memory() {
        for (int end = 0; end < json.length(); end++) {
            assertThat(read(json.substring(0, end))).as("cut at %d", end).isInstanceOf(CheckpointException.class);
        }
    }

    @Test
    void random_damage_from_fixed_seeds_is_read_or_refused_within_bounded_memory() {
        for (long seed = 1; seed <= 4; seed++) {
            var random = new Random(seed);
            for (int i = 0; i < 250; i++) {
                char[] damaged = json.toCharArray();
                for (int hits = 1 + random.nextInt(4); hits > 0; hits--) {
                    damaged[random.nextInt(damaged.length)] = DAMAGE.charAt(random.nextInt(DAMAGE.length()));
                }
                read(new String(damaged));
            }
        }
    }

    @Test
    void a_million_dimensions_deep_nesting_and_a_hundred_thousand_tensors_are_read_or_refused_within_bounded_memory() {
        assertThat(read("{\"t\":{\"dtype\":\"F32\",\"shape\":[" + "1,".repeat(1_000_000) + "1],\"data_offsets\":[0,4]}}"))
                .isInstanceOf(CheckpointException.class).asString().contains("shape has more than " + SafetensorsHeader.MAX_RANK);
        assertThat(read("{\"__metadata__\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}"))
                .isInstanceOf(CheckpointException.class);
        assertThat(read(tensors(100_000))).isInstanceOf(SafetensorsHeader.class);
    }

    @Test
    void a_header_that_parses_into_more_than_the_budget_is_refused() {
        // About 36 MB of JSON, within the budget as bytes; its 600k tensors would take more than the rest.
        assertThat(read(tensors(600_000))).isInstanceOf(CheckpointException.class).asString()
                .contains("budget of " + SafetensorsHeader.BUDGET_BYTES);
    }

    private static String tensors(int count) {
        var json = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}");
        }
        return json.append('}').toString();
    }

    private record Token(JsonToken kind, int start, int end) {
    }

    /** Where each scalar and key of the JSON lies. */
    private static List<Token> tokens(String json) {
        var tokens = new ArrayList<Token>();
        try (JsonParser parser = SpecJson.mapper().createParser(json)) {
            for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                if (t.isScalarValue() || t == JsonToken.PROPERTY_NAME) {
                    int start = (int) parser.currentTokenLocation().getCharOffset();
                    String text = json.substring(start);
                    int length = t == JsonToken.PROPERTY_NAME || t == JsonToken.VALUE_STRING
                            ? text.indexOf('"', 1) + 1 : parser.getString().length();
                    tokens.add(new Token(t, start, start + length));
                }
            }
        }
        return tokens;
    }

    /** Parses {@code header} as the JSON of a file with the fixture's data; returns the header, or the refusal. */
    private Object read(String header) {
        byte[] bytes = header.getBytes(StandardCharsets.UTF_8);
        Path fuzzed = dir.resolve("fuzzed.safetensors");
        return measured(header, bytes.length, () -> SafetensorsHeader.parse(fuzzed, 8 + bytes.length + dataBytes, bytes));
    }

    /** Writes {@code header} behind a declared length, with a sparse data section, and reads the file. */
    private Object readFile(String header, long declaredLength) throws IOException {
        byte[] bytes = header.getBytes(StandardCharsets.UTF_8);
        Path fuzzed = dir.resolve("fuzzed.safetensors");
        try (var channel = FileChannel.open(fuzzed, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, declaredLength));
            channel.write(ByteBuffer.wrap(bytes));
            channel.write(ByteBuffer.wrap(new byte[1]), 8L + bytes.length + dataBytes - 1);
        }
        return measured("declared length " + declaredLength, bytes.length, () -> {
            try (var channel = FileChannel.open(fuzzed, StandardOpenOption.READ)) {
                return SafetensorsHeader.read(fuzzed, channel);
            }
        });
    }

    private interface Read {
        SafetensorsHeader run() throws IOException;
    }

    private static Object measured(String what, long headerBytes, Read read) {
        var outcome = new Object[1]; // the header, or the exception that refused it
        long allocated = ThreadAllocation.during(() -> {
            try {
                outcome[0] = read.run();
            } catch (Throwable e) {
                outcome[0] = e;
            }
        });
        String shortWhat = what.length() > 120 ? what.substring(0, 120) + "…" : what;
        if (outcome[0] instanceof Throwable t && !(t instanceof CheckpointException)) {
            throw new AssertionError(shortWhat + ": " + t, t);
        }
        assertThat(allocated).as("bytes allocated reading %s", shortWhat)
                .isLessThanOrEqualTo(FIXED_ALLOWANCE + ALLOWANCE_PER_HEADER_BYTE * headerBytes);
        return outcome[0];
    }
}
