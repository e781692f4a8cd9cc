package org.archlab.inference.kernels.jvm;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The vector kernels agree with the plain loops on fresh random rows of sizes that are not vector multiples. */
class RowDotTest {

    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Random random = new Random();

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 15, 17, 63, 100, 1003})
    void float_formats_agree_with_the_scalar_reference(int n) {
        float[] x = randomFloats(n + 3);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment f32 = arena.allocate(4L * n + 8);
            MemorySegment f16 = arena.allocate(2L * n + 4);
            MemorySegment bf16 = arena.allocate(2L * n + 4);
            for (int i = 0; i < n; i++) {
                float w = (float) random.nextGaussian();
                f32.set(FLOAT, 8 + 4L * i, w);
                f16.set(SHORT, 4 + 2L * i, Float.floatToFloat16(w));
                bf16.set(SHORT, 4 + 2L * i, (short) (Float.floatToIntBits(w) >>> 16));
            }
            assertClose(RowDot.f32(f32, 8, x, 3, n), ScalarDot.f32(f32, 8, x, 3, n), n);
            assertClose(RowDot.f16(f16, 4, x, 3, n), ScalarDot.f16(f16, 4, x, 3, n), n);
            assertClose(RowDot.bf16(bf16, 4, x, 3, n), ScalarDot.bf16(bf16, 4, x, 3, n), n);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {32, 96, 2048, 8224})
    void quantized_formats_agree_with_the_scalar_reference(int n) {
        float[] x = randomFloats(n + 5);
        byte[] q8 = new byte[n / 32 * 34];
        byte[] q4 = new byte[n / 32 * 18];
        random.nextBytes(q8);
        random.nextBytes(q4);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment w8 = arena.allocate(q8.length + 7L);
            MemorySegment w4 = arena.allocate(q4.length + 7L);
            MemorySegment.copy(MemorySegment.ofArray(q8), 0, w8, 7, q8.length);
            MemorySegment.copy(MemorySegment.ofArray(q4), 0, w4, 7, q4.length);
            for (int block = 0; block < n / 32; block++) {
                // finite scales only: random bits could be NaN or infinity
                w8.set(SHORT, 7 + 34L * block, Float.floatToFloat16((float) random.nextGaussian() * 0.01f));
                w4.set(SHORT, 7 + 18L * block, Float.floatToFloat16((float) random.nextGaussian() * 0.01f));
            }
            assertClose(RowDot.q8_0(w8, 7, x, 5, n), ScalarDot.q8_0(w8, 7, x, 5, n), n);
            assertClose(RowDot.q4_0(w4, 7, x, 5, RowDot.blockSums(x, 5, n), n), ScalarDot.q4_0(w4, 7, x, 5, n), n);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0x0000, 0x0001, 0x03ff, 0x0400, 0x3c00, 0x7bff, 0x8000, 0x8001, 0x83ff, 0xfbff})
    void finite_half_precision_edge_values_decode_exactly_on_the_vector_path(int bits) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment w = arena.allocate(64);
            w.set(SHORT, 2L * 21, (short) bits);
            float[] x = new float[32];
            x[21] = 1f;
            assertThat(RowDot.f16(w, 0, x, 0, 32)).isEqualTo(Float.float16ToFloat((short) bits));
        }
    }

    private float[] randomFloats(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    private static void assertClose(float actual, float expected, int n) {
        // different summation orders: allow float round-off growing with the row length
        assertThat(actual).isCloseTo(expected, within(1e-5f * n * Math.max(1f, Math.abs(expected))));
    }
}
