package org.archlab.inference.kernels.jvm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.archlab.inference.cache.KvCacheType;
import org.archlab.inference.cache.LayerCache;
import org.archlab.inference.kernels.AttentionStep;


/**
 * One decode step of causal attention over a layer's cache. The query heads that share a key/value
 * head are computed together, so each cached key and value is read once per step rather than once
 * per query head — at long contexts the cache, not the weights, is what the step streams. An F16 or BF16 cache is
 * read as 16-bit values and widened to floats in registers ({@link HalfVectors}), so it streams half the bytes.
 */
final class GroupedQueryAttention {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final ThreadLocal<float[]> SCORES = ThreadLocal.withInitial(() -> new float[0]);

    private GroupedQueryAttention() {
    }

    /**
     * Parts of a step: each takes one key/value head and a run of the query heads sharing it, and reads
     * that head's cache once for all of them. With fewer key/value heads than threads (MQA, MLA) the
     * query heads of a key/value head are split so every thread has work.
     */
    static int parts(AttentionStep s, int threads) {
        return s.cache().kvHeads() * splits(s, threads);
    }

    private static int splits(AttentionStep s, int threads) {
        int group = s.heads() / s.cache().kvHeads();
        int wanted = Math.ceilDiv(2 * threads, s.cache().kvHeads());
        int splits = Math.min(group, Math.max(1, wanted));
        while (group % splits != 0) {
            splits--;
        }
        return splits;
    }

    static void attend(AttentionStep s, int part, int threads) {
        LayerCache cache = s.cache();
        int splits = splits(s, threads);
        int heads = s.heads() / cache.kvHeads() / splits;
        int kvHead = part / splits;
        int firstHead = part * heads;
        int headDim = cache.headDim();
        int valueDim = cache.valueDim();
        int first = s.firstAttended();
        int count = s.position() - first + 1;
        float[] scores = scores(heads * count);

        // A head's positions are contiguous in ring order: step through them, wrapping once at most.
        int wrap = cache.capacity() - first % cache.capacity();
        int firstKey = cache.keyOffset(first, kvHead);
        KvCacheType type = cache.type();
        if (type.halfWidth()) {
            short[] keys = cache.keys16();
            for (int t = 0; t < count; t++) {
                int keyOffset = firstKey + (t < wrap ? t : t - cache.capacity()) * headDim;
                for (int h = 0; h < heads; h++) {
                    scores[h * count + t] = HalfVectors.dot(s.query(), (firstHead + h) * headDim, keys, keyOffset, headDim, type)
                            * s.scale();
                }
            }
        } else {
            float[] keys = cache.keys();
            for (int t = 0; t < count; t++) {
                int keyOffset = firstKey + (t < wrap ? t : t - cache.capacity()) * headDim;
                for (int h = 0; h < heads; h++) {
                    scores[h * count + t] = Vectors.dot(s.query(), (firstHead + h) * headDim, keys, keyOffset, headDim) * s.scale();
                }
            }
        }
        for (int h = 0; h < heads; h++) {
            if (s.softcap() > 0) {
                softcap(scores, h * count, count, s.softcap());
            }
            softmax(scores, h * count, count, s.sinks() == null ? Float.NEGATIVE_INFINITY : s.sinks()[firstHead + h]);
        }
        if (type.halfWidth()) {
            weightedValues(scores, heads, count, cache.values16(), type, cache.valueOffset(first, kvHead), wrap,
                    cache.capacity(), valueDim, cache.valueStride(), s.out(), firstHead * valueDim);
        } else {
            weightedValues(scores, heads, count, cache.values(), cache.valueOffset(first, kvHead), wrap, cache.capacity(),
                    valueDim, cache.valueStride(), s.out(), firstHead * valueDim);
        }
    }

    /** Positions per block of the value sum: a block of values stays in L1 while every head and lane uses it. */
    private static final int VALUE_BLOCK = 64;

    /**
     * outₕ = Σₜ pₕₜ·vₜ for each of {@code heads} heads (probabilities {@code count} apart in {@code p}).
     * Positions are taken in blocks; within a block each output vector is summed in a register.
     */
    private static void weightedValues(float[] p, int heads, int count, float[] values, int firstValue, int wrap,
                                       int capacity, int valueDim, int stride, float[] out, int outOffset) {
        int vectorLanes = F.loopBound(valueDim);
        for (int t0 = 0; t0 < count; t0 += VALUE_BLOCK) {
            int t1 = Math.min(count, t0 + VALUE_BLOCK);
            for (int h = 0; h < heads; h++) {
                int o = outOffset + h * valueDim;
                for (int lane = 0; lane < vectorLanes; lane += F.length()) {
                    var sum = t0 == 0 ? FloatVector.zero(F) : FloatVector.fromArray(F, out, o + lane);
                    for (int t = t0; t < t1; t++) {
                        int v = firstValue + (t < wrap ? t : t - capacity) * stride + lane;
                        sum = FloatVector.fromArray(F, values, v).fma(FloatVector.broadcast(F, p[h * count + t]), sum);
                    }
                    sum.intoArray(out, o + lane);
                }
                for (int lane = vectorLanes; lane < valueDim; lane++) {
                    float sum = t0 == 0 ? 0f : out[o + lane];
                    for (int t = t0; t < t1; t++) {
                        sum += p[h * count + t] * values[firstValue + (t < wrap ? t : t - capacity) * stride + lane];
                    }
                    out[o + lane] = sum;
                }
            }
        }
    }

    /**
     * The same sum over 16-bit values: each block of values is widened to floats in registers. An F16 lane comes out
     * short of its exponent re-bias ({@link HalfVectors#f16Unscaled}), so the probability it is multiplied by carries it.
     */
    private static void weightedValues(float[] p, int heads, int count, short[] values, KvCacheType type, int firstValue,
                                       int wrap, int capacity, int valueDim, int stride, float[] out, int outOffset) {
        boolean f16 = type == KvCacheType.F16;
        float unscale = HalfVectors.scale(type);
        int vectorLanes = F.loopBound(valueDim);
        for (int t0 = 0; t0 < count; t0 += VALUE_BLOCK) {
            int t1 = Math.min(count, t0 + VALUE_BLOCK);
            for (int h = 0; h < heads; h++) {
                int o = outOffset + h * valueDim;
                for (int lane = 0; lane < vectorLanes; lane += F.length()) {
                    var sum = t0 == 0 ? FloatVector.zero(F) : FloatVector.fromArray(F, out, o + lane);
                    for (int t = t0; t < t1; t++) {
                        int v = firstValue + (t < wrap ? t : t - capacity) * stride + lane;
                        var value = f16 ? HalfVectors.f16Unscaled(values, v) : HalfVectors.bf16(values, v);
                        sum = value.fma(FloatVector.broadcast(F, p[h * count + t] * unscale), sum);
                    }
                    sum.intoArray(out, o + lane);
                }
                for (int lane = vectorLanes; lane < valueDim; lane++) {
                    float sum = t0 == 0 ? 0f : out[o + lane];
                    for (int t = t0; t < t1; t++) {
                        sum += p[h * count + t] * type.decode(values[firstValue + (t < wrap ? t : t - capacity) * stride + lane]);
                    }
                    out[o + lane] = sum;
                }
            }
        }
    }

    private static float[] scores(int size) {
        float[] scores = SCORES.get();
        if (scores.length < size) {
            scores = new float[Math.max(size, 2 * scores.length)];
            SCORES.set(scores);
        }
        return scores;
    }

    private static void softcap(float[] s, int offset, int n, float cap) {
        for (int i = offset; i < offset + n; i++) {
            s[i] = (float) (cap * Math.tanh(s[i] / cap));
        }
    }

    /**
     * Scores → probabilities in place. A sink (gpt-oss) is one more logit in the normalisation that
     * attends to nothing; without one, pass negative infinity.
     */
    static void softmax(float[] s, int offset, int n, float sink) {
        int i = 0;
        var maxLanes = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            maxLanes = maxLanes.max(FloatVector.fromArray(F, s, offset + i));
        }
        float max = Math.max(sink, maxLanes.reduceLanes(VectorOperators.MAX));
        for (; i < n; i++) {
            max = Math.max(max, s[offset + i]);
        }
        var shift = FloatVector.broadcast(F, max);
        var sumLanes = FloatVector.zero(F);
        i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            var e = FloatVector.fromArray(F, s, offset + i).sub(shift).lanewise(VectorOperators.EXP);
            e.intoArray(s, offset + i);
            sumLanes = sumLanes.add(e);
        }
        double sum = sumLanes.reduceLanes(VectorOperators.ADD) + (sink == Float.NEGATIVE_INFINITY ? 0 : Math.exp(sink - max));
        for (; i < n; i++) {
            s[offset + i] = (float) Math.exp(s[offset + i] - max);
            sum += s[offset + i];
        }
        var inverse = FloatVector.broadcast(F, (float) (1 / sum));
        i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            FloatVector.fromArray(F, s, offset + i).mul(inverse).intoArray(s, offset + i);
        }
        for (; i < n; i++) {
            s[offset + i] *= (float) (1 / sum);
        }
    }
}
