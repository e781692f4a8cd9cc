package org.archlab.inference.kernels.jvm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.archlab.inference.cache.LayerCache;
import org.archlab.inference.kernels.AttentionStep;


/**
 * One decode step of causal attention over a layer's cache. The query heads that share a key/value
 * head are computed together, so each cached key and value is read once per step rather than once
 * per query head — at long contexts the cache, not the weights, is what the step streams.
 */
final class GroupedQueryAttention {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final ThreadLocal<float[]> SCORES = ThreadLocal.withInitial(() -> new float[0]);

    private GroupedQueryAttention() {
    }

    /** One part per key/value head, or per query head when there are too few key/value heads for the threads. */
    static int parts(AttentionStep s, int threads) {
        return perKeyValueHead(s, threads) ? s.cache().kvHeads() : s.heads();
    }

    static boolean perKeyValueHead(AttentionStep s, int threads) {
        return s.cache().kvHeads() >= threads;
    }

    static void attend(AttentionStep s, int part, boolean perKeyValueHead) {
        LayerCache cache = s.cache();
        int group = s.heads() / cache.kvHeads();
        int kvHead = perKeyValueHead ? part : part / group;
        int firstHead = perKeyValueHead ? part * group : part;
        int heads = perKeyValueHead ? group : 1;
        int headDim = cache.headDim();
        int valueDim = cache.valueDim();
        int first = firstAttended(s);
        int count = s.position() - first + 1;
        float[] scores = scores(heads * count);

        // A head's positions are contiguous in ring order: step through them, wrapping once at most.
        int wrap = cache.capacity() - first % cache.capacity();
        float[] keys = cache.keys();
        int firstKey = cache.keyOffset(first, kvHead);
        for (int t = 0; t < count; t++) {
            int keyOffset = firstKey + (t < wrap ? t : t - cache.capacity()) * headDim;
            for (int h = 0; h < heads; h++) {
                scores[h * count + t] = Vectors.dot(s.query(), (firstHead + h) * headDim, keys, keyOffset, headDim) * s.scale();
            }
        }
        for (int h = 0; h < heads; h++) {
            if (s.softcap() > 0) {
                softcap(scores, h * count, count, s.softcap());
            }
            softmax(scores, h * count, count, s.sinks() == null ? Float.NEGATIVE_INFINITY : s.sinks()[firstHead + h]);
        }
        int firstValue = cache.valueOffset(first, kvHead);
        for (int h = 0; h < heads; h++) {
            weightedValues(scores, h * count, count, cache.values(), firstValue, wrap, cache.capacity(), valueDim,
                    cache.valueStride(), s.out(), (firstHead + h) * valueDim);
        }
    }

    /**
     * out = Σₜ pₜ·vₜ, one vector of output lanes at a time with the sum kept in a register across
     * all positions, rather than reading and writing the output once per position.
     */
    private static void weightedValues(float[] p, int pOffset, int count, float[] values, int firstValue, int wrap,
                                       int capacity, int valueDim, int stride, float[] out, int outOffset) {
        int lane = 0;
        for (int upper = F.loopBound(valueDim); lane < upper; lane += F.length()) {
            var sum = FloatVector.zero(F);
            for (int t = 0; t < count; t++) {
                int v = firstValue + (t < wrap ? t : t - capacity) * stride + lane;
                sum = FloatVector.fromArray(F, values, v).fma(FloatVector.broadcast(F, p[pOffset + t]), sum);
            }
            sum.intoArray(out, outOffset + lane);
        }
        for (; lane < valueDim; lane++) {
            float sum = 0;
            for (int t = 0; t < count; t++) {
                sum += p[pOffset + t] * values[firstValue + (t < wrap ? t : t - capacity) * stride + lane];
            }
            out[outOffset + lane] = sum;
        }
    }

    static int firstAttended(AttentionStep s) {
        int first = 0;
        if (s.window() > 0) {
            first = Math.max(first, s.position() - s.window() + 1);
        }
        if (s.chunk() > 0) {
            first = Math.max(first, s.position() / s.chunk() * s.chunk());
        }
        return first;
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
