package org.archlab.inference.kernels.jvm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.archlab.inference.cache.LayerCache;
import org.archlab.inference.kernels.AttentionStep;

import java.util.Arrays;

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

        float[] keys = cache.keys();
        for (int t = 0; t < count; t++) {
            int keyOffset = cache.keyOffset(first + t, kvHead);
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

        float[] values = cache.values();
        float[] out = s.out();
        Arrays.fill(out, firstHead * valueDim, (firstHead + heads) * valueDim, 0f);
        for (int t = 0; t < count; t++) {
            int valueOffset = cache.valueOffset(first + t, kvHead);
            for (int h = 0; h < heads; h++) {
                Vectors.axpy(scores[h * count + t], values, valueOffset, out, (firstHead + h) * valueDim, valueDim);
            }
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
