package org.archlab.inference.kernels.jvm;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The integer-lane Q8_0/Q4_0 dot products against a plain-loop reference over the same quantised
 * activations: exact where every scale is 1 (the integer part alone), within float rounding otherwise,
 * including the edge values −128 and ±127 and nibbles 0 and 15.
 */
class IntegerDotTest {

    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final short F16_ONE = Float.floatToFloat16(1f);

    private final Random random = new Random();

    @BeforeEach
    void needsWideVectors() {
        Assumptions.assumeTrue(IntegerDot.SUPPORTED, "integer kernels need 512-bit vectors");
    }

    @Test
    void q8_0_integer_part_is_exact_at_the_extremes() {
        int n = 96;
        byte[] weights = new byte[n];
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            // every pair of extremes: −128·−127, −128·127, 127·127, 127·−127 (activations never reach −128)
            weights[i] = i % 2 == 0 ? (byte) -128 : 127;
            x[i] = (i / 2) % 2 == 0 ? 127 : -127;
        }
        x[5] = 3;
        weights[64] = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment w = q8Row(arena, weights, F16_ONE);
            var a = new QuantizedActivations().quantize(x, 0, n);
            assertThat(a.scales).containsOnly(1f);
            assertThat(IntegerDot.q8_0(w, 3, a, n)).isEqualTo((float) q8Reference(w, 3, a, n));
            assertThat(q8Reference(w, 3, a, n)).isEqualTo(exactIntegerDot(weights, x));
        }
    }

    @Test
    void q4_0_integer_part_is_exact_at_the_extremes() {
        int n = 64;
        byte[] packed = new byte[n / 2];
        for (int i = 0; i < packed.length; i++) {
            packed[i] = (byte) (i % 3 == 0 ? 0xf0 : i % 3 == 1 ? 0x0f : 0xff);
        }
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i % 3 == 0 ? -127 : 127;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment w = q4Row(arena, packed, F16_ONE);
            var a = new QuantizedActivations().quantize(x, 0, n);
            assertThat(a.scales).containsOnly(1f);
            double expected = q4Reference(w, 3, a, n);
            assertThat(expected).isEqualTo(Math.rint(expected));
            assertThat(IntegerDot.q4_0(w, 3, a, n)).isEqualTo((float) expected);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {32, 64, 96, 2048, 8224})
    void random_rows_agree_with_the_reference_within_float_rounding(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        byte[] q8 = new byte[n];
        byte[] q4 = new byte[n / 2];
        random.nextBytes(q8);
        random.nextBytes(q4);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment w8 = q8Row(arena, q8, (short) 0);
            MemorySegment w4 = q4Row(arena, q4, (short) 0);
            double magnitude8 = 0;
            double magnitude4 = 0;
            var a = new QuantizedActivations().quantize(x, 0, n);
            for (int block = 0; block < n / 32; block++) {
                float scale = (float) random.nextGaussian() * 0.01f;
                w8.set(SHORT, 3 + 34L * block, Float.floatToFloat16(scale));
                w4.set(SHORT, 3 + 18L * block, Float.floatToFloat16(scale));
                magnitude8 += Math.abs(scale * a.scales[block]) * 32 * 128 * 127;
                magnitude4 += Math.abs(scale * a.scales[block]) * 32 * 8 * 127;
            }
            assertThat((double) IntegerDot.q8_0(w8, 3, a, n)).isCloseTo(q8Reference(w8, 3, a, n), within(magnitude8 * 1e-6));
            assertThat((double) IntegerDot.q4_0(w4, 3, a, n)).isCloseTo(q4Reference(w4, 3, a, n), within(magnitude4 * 1e-6));
        }
    }

    @Test
    void quantised_activations_are_within_half_a_step_of_x() {
        float[] x = new float[64];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian() * (i < 32 ? 1 : 1e-3f);
        }
        x[40] = 0;
        var a = new QuantizedActivations().quantize(x, 0, 64);
        for (int i = 0; i < x.length; i++) {
            float scale = a.scales[i / 32];
            assertThat(Math.abs(a.quants[i])).isLessThanOrEqualTo((short) 127);
            assertThat((double) a.quants[i] * scale).isCloseTo(x[i], within(scale * 0.5001));
        }
        assertThat(new QuantizedActivations().quantize(new float[32], 0, 32).quants).containsOnly((short) 0);
    }

    /** Σ_block d_w · d_a · Σ q_w · q_a in doubles, the integer sums exact. */
    private static double q8Reference(MemorySegment w, long offset, QuantizedActivations a, int n) {
        double sum = 0;
        for (int block = 0; block < n / 32; block++) {
            long b = offset + 34L * block;
            long dot = 0;
            for (int j = 0; j < 32; j++) {
                dot += (long) w.get(ValueLayout.JAVA_BYTE, b + 2 + j) * a.quants[32 * block + j];
            }
            sum += (double) Float.float16ToFloat(w.get(SHORT, b)) * a.scales[block] * dot;
        }
        return sum;
    }

    private static double q4Reference(MemorySegment w, long offset, QuantizedActivations a, int n) {
        double sum = 0;
        for (int block = 0; block < n / 32; block++) {
            long b = offset + 18L * block;
            long dot = 0;
            for (int j = 0; j < 16; j++) {
                int packed = w.get(ValueLayout.JAVA_BYTE, b + 2 + j) & 0xff;
                dot += (long) ((packed & 0x0f) - 8) * a.quants[32 * block + j];
                dot += (long) ((packed >>> 4) - 8) * a.quants[32 * block + 16 + j];
            }
            sum += (double) Float.float16ToFloat(w.get(SHORT, b)) * a.scales[block] * dot;
        }
        return sum;
    }

    private static double exactIntegerDot(byte[] weights, float[] x) {
        long dot = 0;
        for (int i = 0; i < weights.length; i++) {
            dot += weights[i] * (long) x[i];
        }
        return dot;
    }

    /** A Q8_0 row at byte 3 of a fresh segment (an odd offset, as inside a checkpoint). */
    private static MemorySegment q8Row(Arena arena, byte[] quants, short scale) {
        MemorySegment w = arena.allocate(3 + quants.length / 32 * 34L);
        for (int block = 0; block < quants.length / 32; block++) {
            w.set(SHORT, 3 + 34L * block, scale);
            MemorySegment.copy(MemorySegment.ofArray(quants), 32L * block, w, 3 + 34L * block + 2, 32);
        }
        return w;
    }

    private static MemorySegment q4Row(Arena arena, byte[] packed, short scale) {
        MemorySegment w = arena.allocate(3 + packed.length / 16 * 18L);
        for (int block = 0; block < packed.length / 16; block++) {
            w.set(SHORT, 3 + 18L * block, scale);
            MemorySegment.copy(MemorySegment.ofArray(packed), 16L * block, w, 3 + 18L * block + 2, 16);
        }
        return w;
    }
}
