package org.archlab.inference.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A layer's cache keeps what it is given in its type's format, ring by position, at the bytes the type takes. */
class LayerCacheTest {

    @ParameterizedTest
    @EnumSource(KvCacheType.class)
    void a_stored_position_reads_back_as_its_type_rounds_it(KvCacheType type) {
        var cache = new LayerCache(4, 2, 3, 2, type);
        float[] k = {1.0f, -0.333333f, 70000f, 2.5e-6f, 0.1f, -3.75f};
        float[] v = {0.2f, -1e-3f, 12345.678f, -0.5f};
        cache.store(5, k, 0, v, 0);

        float[] key = new float[3];
        float[] value = new float[2];
        for (int head = 0; head < 2; head++) {
            cache.readKey(5, head, key, 0);
            cache.readValue(5, head, value, 0);
            for (int i = 0; i < 3; i++) {
                assertThat(key[i]).as("head %d key %d", head, i).isEqualTo(rounded(type, k[head * 3 + i]));
            }
            for (int i = 0; i < 2; i++) {
                assertThat(value[i]).as("head %d value %d", head, i).isEqualTo(rounded(type, v[head * 2 + i]));
            }
        }
        // position 5 of a ring of 4 is slot 1, the slot position 1 had
        cache.readKey(1, 1, key, 0);
        assertThat(key[2]).isEqualTo(rounded(type, -3.75f));
    }

    /** What each format makes of a float: the JDK's half conversion; for BF16 the nearer of its two neighbours, ties to even. */
    private static float rounded(KvCacheType type, float x) {
        return switch (type) {
            case F32 -> x;
            case F16 -> Float.float16ToFloat(Float.floatToFloat16(x));
            case BF16 -> {
                int bits = Float.floatToIntBits(x);
                float towardZero = Float.intBitsToFloat(bits & 0xffff0000);
                float awayFromZero = Float.intBitsToFloat((bits & 0xffff0000) + 0x10000);
                double below = Math.abs((double) x - towardZero);
                double above = Math.abs((double) x - awayFromZero);
                yield below < above || (below == above && (bits & 0x10000) == 0) ? towardZero : awayFromZero;
            }
        };
    }

    @Test
    void bfloat16_rounds_to_the_nearest_value_and_ties_to_even() {
        // 1 + 2⁻⁸ lies halfway between 1 and 1 + 2⁻⁷: the tie goes to the even 1.
        assertThat(KvCacheType.BF16.decode(KvCacheType.BF16.encode(1 + 0x1p-8f))).isEqualTo(1f);
        // 1 + 3·2⁻⁸ lies halfway between 1 + 2⁻⁷ and 1 + 2⁻⁶: the tie goes to the even 1 + 2⁻⁶.
        assertThat(KvCacheType.BF16.decode(KvCacheType.BF16.encode(1 + 3 * 0x1p-8f))).isEqualTo(1 + 0x1p-6f);
        // just past halfway rounds up
        assertThat(KvCacheType.BF16.decode(KvCacheType.BF16.encode(1 + 0x1p-8f + 0x1p-20f))).isEqualTo(1 + 0x1p-7f);
        assertThat(KvCacheType.BF16.decode(KvCacheType.BF16.encode(-2.0f))).isEqualTo(-2.0f);
        assertThat(KvCacheType.BF16.decode(KvCacheType.BF16.encode(Float.NaN))).isNaN();
        assertThat(KvCacheType.BF16.decode(KvCacheType.BF16.encode(Float.POSITIVE_INFINITY))).isEqualTo(Float.POSITIVE_INFINITY);
    }

    @ParameterizedTest
    @EnumSource(KvCacheType.class)
    void a_cache_takes_its_types_bytes_per_value(KvCacheType type) {
        assertThat(new LayerCache(16, 2, 64, 32, type).bytes()).isEqualTo(16L * 2 * (64 + 32) * type.bytesPerValue());
        assertThat(LayerCache.latent(16, 48, 16, type).bytes()).isEqualTo(16L * (48 + 16) * type.bytesPerValue());
    }

    @Test
    void a_half_width_cache_is_read_as_16_bit_values_and_says_so_when_asked_for_floats() {
        var half = new LayerCache(4, 1, 8, 8, KvCacheType.F16);
        assertThat(half.keys16()).hasSize(32);
        assertThatThrownBy(half::keys).hasMessageContaining("F16").hasMessageContaining("keys16()");
        assertThatThrownBy(() -> new LayerCache(4, 1, 8, 8).values16()).hasMessageContaining("F32");
    }

    @Test
    void a_position_copies_between_caches_of_one_type_only() {
        var from = new LayerCache(4, 2, 8, 8, KvCacheType.F16);
        from.fillRandom(4, new SplittableRandom(3));
        var to = new LayerCache(8, 2, 8, 8, KvCacheType.F16);
        to.copyPosition(from, 2);
        float[] expected = new float[8];
        float[] copied = new float[8];
        from.readValue(2, 1, expected, 0);
        to.readValue(2, 1, copied, 0);
        assertThat(copied).containsExactly(expected);

        assertThatThrownBy(() -> new LayerCache(8, 2, 8, 8, KvCacheType.BF16).copyPosition(from, 2))
                .hasMessageContaining("types");
    }

    @Test
    void a_type_is_named_in_any_case_and_a_wrong_name_lists_the_types() {
        assertThat(KvCacheType.of("f16")).isEqualTo(KvCacheType.F16);
        assertThat(KvCacheType.of(" BF16 ")).isEqualTo(KvCacheType.BF16);
        assertThatThrownBy(() -> KvCacheType.of("Q8_0")).hasMessageContaining("Q8_0").hasMessageContaining("[F32, F16, BF16]");
    }
}
