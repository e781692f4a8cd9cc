package org.archlab.inference.generation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sampler's draws follow the exact distribution its settings define. The exact probabilities come from a
 * plain reference here (sort everything, softmax over the top k, cut by min-p, keep the top-p prefix,
 * renormalise); 200 000 seeded draws are compared with them by a chi-square test at a 1e-4 significance
 * level (the seed is fixed, so a test passes or fails the same way every run; a wrong filter moves the
 * statistic by orders of magnitude).
 */
class SamplerTest {

    private static final int DRAWS = 200_000;

    @ParameterizedTest(name = "T={0} topK={1} topP={2} minP={3}")
    @CsvSource({
            "1.0, 0, 1.0, 0.0",
            "0.7, 0, 1.0, 0.0",
            "1.0, 5, 1.0, 0.0",
            "1.0, 0, 0.7, 0.0",
            "1.0, 0, 1.0, 0.2",
            "0.8, 8, 0.9, 0.05",
            "1.3, 12, 0.5, 0.01",
            "1.0, 1, 1.0, 0.0"})
    void draws_follow_the_filtered_distribution(float temperature, int topK, float topP, float minP) {
        float[] logits = randomLogits(40, 7);
        var settings = new SamplingSettings(temperature, topK, topP, minP, 1f, 42);
        assertDrawsFollow(settings, logits, Set.of(), expected(logits, settings, Set.of()));
    }

    @Test
    void repetition_penalty_lowers_seen_tokens_whatever_their_sign() {
        float[] logits = {2f, -1f, 1.5f, 0.5f, -0.2f, 1f};
        var seen = Set.of(0, 1, 3);
        var settings = new SamplingSettings(1f, 0, 1f, 0f, 1.8f, 3);
        double[] expected = expected(logits, settings, seen);
        assertThat(expected[0]).isLessThan(softmax(logits)[0]);
        assertThat(expected[1]).isLessThan(softmax(logits)[1]);
        assertDrawsFollow(settings, logits, seen, expected);
    }

    @Test
    void ties_at_the_top_p_edge_keep_only_as_many_as_needed() {
        // Four equally likely tokens and a tail: top-p 0.5 keeps two of the four (and the draw is uniform over the kept).
        float[] logits = {3f, 3f, 3f, 3f, 0f, -1f};
        var settings = new SamplingSettings(1f, 0, 0.45f, 0f, 1f, 11);
        var sampler = new Sampler(settings);
        var drawn = new java.util.HashSet<Integer>();
        for (int i = 0; i < 2000; i++) {
            drawn.add(sampler.sample(logits.clone(), Set.of()));
        }
        assertThat(drawn).hasSize(2).allMatch(t -> t < 4);
    }

    @Test
    void a_large_vocabulary_keeps_only_the_top_k() {
        float[] logits = randomLogits(152_064, 5);
        Integer[] order = IntStream.range(0, logits.length).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(order, Comparator.comparingDouble(i -> -logits[i]));
        var allowed = new java.util.HashSet<Integer>(List.of(order).subList(0, 40));
        var sampler = new Sampler(new SamplingSettings(2f, 40, 1f, 0f, 1f, 9));
        for (int i = 0; i < 500; i++) {
            assertThat(allowed).contains(sampler.sample(logits.clone(), Set.of()));
        }
    }

    @Test
    void greedy_takes_the_lowest_id_among_the_best() {
        assertThat(new Sampler(SamplingSettings.GREEDY).sample(new float[]{1f, 4f, 4f, 2f}, Set.of())).isEqualTo(1);
    }

    private static void assertDrawsFollow(SamplingSettings settings, float[] logits, Set<Integer> seen, double[] expected) {
        var sampler = new Sampler(settings);
        long[] counts = new long[logits.length];
        for (int i = 0; i < DRAWS; i++) {
            counts[sampler.sample(logits.clone(), seen)]++;
        }
        double chiSquare = 0;
        int categories = 0;
        for (int t = 0; t < logits.length; t++) {
            if (expected[t] == 0) {
                assertThat(counts[t]).as("draws of token %d, which the filters exclude", t).isZero();
                continue;
            }
            double e = expected[t] * DRAWS;
            chiSquare += (counts[t] - e) * (counts[t] - e) / e;
            categories++;
        }
        if (categories > 1) {
            assertThat(chiSquare).as("chi-square over %d tokens", categories).isLessThan(criticalValue(categories - 1));
        }
    }

    /** The exact probabilities the settings define, by sorting the whole vocabulary. */
    private static double[] expected(float[] raw, SamplingSettings s, Set<Integer> seen) {
        float[] logits = raw.clone();
        for (int t : seen) {
            logits[t] = logits[t] > 0 ? logits[t] / s.repetitionPenalty() : logits[t] * s.repetitionPenalty();
        }
        List<Integer> order = new ArrayList<>(IntStream.range(0, logits.length).boxed().toList());
        order.sort(Comparator.comparingDouble(i -> -logits[i]));
        int k = s.topK() > 0 ? Math.min(s.topK(), logits.length) : logits.length;
        double[] p = new double[k];
        double total = 0;
        for (int i = 0; i < k; i++) {
            p[i] = Math.exp((logits[order.get(i)] - logits[order.get(0)]) / s.temperature());
            total += p[i];
        }
        int cut = k;
        double cumulative = 0;
        for (int i = 0; i < k; i++) {
            p[i] /= total;
            if (p[i] < s.minP() * p[0]) {
                cut = Math.max(1, i);
                break;
            }
            cumulative += p[i];
            if (cumulative >= s.topP()) {
                cut = i + 1;
                break;
            }
        }
        double kept = 0;
        for (int i = 0; i < cut; i++) {
            kept += p[i];
        }
        double[] result = new double[logits.length];
        for (int i = 0; i < cut; i++) {
            result[order.get(i)] = p[i] / kept;
        }
        return result;
    }

    private static double[] softmax(float[] logits) {
        return expected(logits, new SamplingSettings(1f, 0, 1f, 0f, 1f, 0), Set.of());
    }

    /** Chi-square quantile at 1 − 1e-4 by the Wilson–Hilferty approximation (z = 3.719). */
    private static double criticalValue(int degrees) {
        double z = 3.719;
        double a = 2.0 / (9 * degrees);
        return degrees * Math.pow(1 - a + z * Math.sqrt(a), 3);
    }

    private static float[] randomLogits(int n, long seed) {
        var random = new SplittableRandom(seed);
        float[] logits = new float[n];
        for (int i = 0; i < n; i++) {
            logits[i] = (float) (random.nextGaussian() * 2);
        }
        return logits;
    }
}
