package org.archlab.inference.kernels.jvm;

import org.archlab.inference.cache.KvCacheType;
import org.archlab.inference.cache.LayerCache;
import org.archlab.inference.kernels.AttentionStep;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The vectorised, group-sharing attention step against plain float64 loops over the numbers the cache keeps, on
 * awkward sizes, for F32 caches and for the 16-bit ones it widens in registers.
 */
class GroupedQueryAttentionTest {

    private final Random random = new Random(11);

    @ParameterizedTest(name = "threads={0} heads={1}/{2} dims={3}/{4} position={5} window={6} chunk={7} softcap={8} sinks={9}")
    @CsvSource({
            "1, 6, 3, 40, 24, 36, 0, 0, 0, false",
            "2, 6, 3, 40, 24, 36, 0, 0, 0, false",
            "2, 12, 1, 19, 19, 50, 0, 0, 0, false",
            "2, 8, 8, 64, 64, 70, 17, 0, 0, true",
            "3, 10, 5, 33, 33, 40, 0, 16, 0, false",
            "2, 4, 2, 24, 24, 29, 0, 0, 30, true"})
    void the_step_equals_a_plain_softmax_over_the_attended_positions(int threads, int heads, int kvHeads, int headDim,
                                                                     int valueDim, int position, int window, int chunk,
                                                                     float softcap, boolean withSinks) {
        assertStepEqualsReference(KvCacheType.F32, threads, heads, kvHeads, headDim, valueDim, position, window, chunk,
                softcap, withSinks);
    }

    @ParameterizedTest(name = "{0} threads={1} heads={2}/{3} dims={4}/{5} position={6} window={7} chunk={8} softcap={9} sinks={10}")
    @CsvSource({
            "F16, 2, 6, 3, 40, 24, 36, 0, 0, 0, false",
            "F16, 2, 12, 1, 19, 19, 50, 0, 0, 0, false",
            "F16, 2, 8, 8, 64, 64, 70, 17, 0, 0, true",
            "F16, 3, 10, 5, 33, 33, 40, 0, 16, 0, false",
            "F16, 2, 4, 2, 24, 24, 29, 0, 0, 30, true",
            "BF16, 2, 6, 3, 40, 24, 36, 0, 0, 0, false",
            "BF16, 2, 8, 8, 64, 64, 70, 17, 0, 0, true",
            "BF16, 3, 10, 5, 33, 33, 40, 0, 16, 0, false"})
    void a_half_width_cache_is_attended_over_as_the_numbers_it_keeps(KvCacheType type, int threads, int heads, int kvHeads,
                                                                    int headDim, int valueDim, int position, int window,
                                                                    int chunk, float softcap, boolean withSinks) {
        assertStepEqualsReference(type, threads, heads, kvHeads, headDim, valueDim, position, window, chunk, softcap, withSinks);
    }

    private void assertStepEqualsReference(KvCacheType type, int threads, int heads, int kvHeads, int headDim, int valueDim,
                                           int position, int window, int chunk, float softcap, boolean withSinks) {
        int capacity = window > 0 ? window : position + 1;
        var cache = new LayerCache(capacity, kvHeads, headDim, valueDim, type);
        for (int p = 0; p <= position; p++) {
            cache.store(p, gaussian(kvHeads * headDim), 0, gaussian(kvHeads * valueDim), 0);
        }
        float[] query = gaussian(heads * headDim);
        float[] sinks = withSinks ? gaussian(heads) : null;
        float scale = (float) (1 / Math.sqrt(headDim));
        float[] out = new float[heads * valueDim];
        try (var kernels = new JvmKernelBackend(threads)) {
            kernels.attention(new AttentionStep(query, heads, cache, position, window, chunk, scale, softcap, sinks, out));
        }
        double[] expected = reference(query, heads, cache, position, window, chunk, scale, softcap, sinks);
        for (int i = 0; i < out.length; i++) {
            assertThat((double) out[i]).as("output %d", i).isCloseTo(expected[i], within(1e-5));
        }
    }

    private static double[] reference(float[] q, int heads, LayerCache cache, int position, int window, int chunk,
                                      float scale, float softcap, float[] sinks) {
        int group = heads / cache.kvHeads();
        double[] out = new double[heads * cache.valueDim()];
        float[] key = new float[cache.headDim()];
        float[] value = new float[cache.valueDim()];
        for (int h = 0; h < heads; h++) {
            int kv = h / group;
            double[] scores = new double[position + 1];
            double max = sinks == null ? Double.NEGATIVE_INFINITY : sinks[h];
            for (int t = 0; t <= position; t++) {
                boolean attended = (window == 0 || t > position - window) && (chunk == 0 || t / chunk == position / chunk);
                if (!attended) {
                    scores[t] = Double.NEGATIVE_INFINITY;
                    continue;
                }
                double s = 0;
                cache.readKey(t, kv, key, 0);
                for (int d = 0; d < cache.headDim(); d++) {
                    s += (double) q[h * cache.headDim() + d] * key[d];
                }
                s *= scale;
                scores[t] = softcap > 0 ? softcap * Math.tanh(s / softcap) : s;
                max = Math.max(max, scores[t]);
            }
            double sum = sinks == null ? 0 : Math.exp(sinks[h] - max);
            for (int t = 0; t <= position; t++) {
                scores[t] = Math.exp(scores[t] - max);
                sum += scores[t];
            }
            for (int t = 0; t <= position; t++) {
                if (scores[t] > 0) {
                    cache.readValue(t, kv, value, 0);
                    for (int d = 0; d < cache.valueDim(); d++) {
                        out[h * cache.valueDim() + d] += scores[t] / sum * value[d];
                    }
                }
            }
        }
        return out;
    }

    private float[] gaussian(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
