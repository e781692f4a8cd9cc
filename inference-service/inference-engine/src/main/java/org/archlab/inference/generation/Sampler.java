package org.archlab.inference.generation;

import java.util.Collection;
import java.util.SplittableRandom;

/**
 * Picks the next token from logits: greedy, or temperature with top-k, top-p and min-p filtering.
 *
 * <p>The filters keep a prefix of the tokens ordered by probability, but the vocabulary is never sorted
 * (150k boxed comparisons per token was the old cost): top-k is a quickselect, min-p a threshold scan, and
 * top-p a quickselect on probability mass that finds the smallest most-likely set reaching p. Only the
 * draw walks the kept set. Probabilities are those of the top-k set (the whole vocabulary without top-k);
 * min-p compares with the most likely token; top-p keeps the most likely tokens up to and including the one
 * whose cumulative probability reaches p.
 */
public final class Sampler {

    private final SamplingSettings settings;
    private final SplittableRandom random;
    /** Candidate token ids; the kept ones end up in the first {@code count} slots. */
    private int[] candidates = new int[0];
    private double[] weights = new double[0];

    public Sampler(SamplingSettings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
    }

    /** Chooses a token; {@code logits} may be modified (penalties). */
    public int sample(float[] logits, Collection<Integer> seen) {
        if (settings.repetitionPenalty() != 1f) {
            for (int token : seen) {
                float l = logits[token];
                logits[token] = l > 0 ? l / settings.repetitionPenalty() : l * settings.repetitionPenalty();
            }
        }
        if (settings.temperature() == 0f) {
            return argmax(logits);
        }
        int n = logits.length;
        if (candidates.length < n) {
            candidates = new int[n];
            weights = new double[n];
        }
        for (int i = 0; i < n; i++) {
            candidates[i] = i;
        }
        int count = n;
        if (settings.topK() > 0 && settings.topK() < n) {
            selectLargest(candidates, 0, n, settings.topK(), logits);
            count = settings.topK();
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            max = Math.max(max, logits[candidates[i]]);
        }
        double total = 0;
        for (int i = 0; i < count; i++) {
            weights[candidates[i]] = Math.exp((logits[candidates[i]] - max) / settings.temperature());
            total += weights[candidates[i]];
        }
        if (settings.minP() > 0) {
            // The most likely token has weight 1 (exp of 0), so min-p is a threshold on the weights.
            int kept = 0;
            for (int i = 0; i < count; i++) {
                if (weights[candidates[i]] >= settings.minP()) {
                    swap(candidates, i, kept++);
                }
            }
            count = Math.max(1, kept);
        }
        if (settings.topP() < 1) {
            count = nucleus(count, settings.topP() * total);
        }
        double kept = 0;
        for (int i = 0; i < count; i++) {
            kept += weights[candidates[i]];
        }
        double draw = random.nextDouble() * kept;
        for (int i = 0; i < count; i++) {
            draw -= weights[candidates[i]];
            if (draw < 0) {
                return candidates[i];
            }
        }
        return candidates[count - 1];
    }

    /**
     * Reorders {@code candidates[0, count)} so that its first slots hold the smallest set of most likely tokens
     * whose weights reach {@code mass}, and returns that set's size. A quickselect on mass: each round splits
     * the undecided range around a pivot weight and either takes the heavier side whole or searches in it.
     * Pivots are taken from the middle, not from the sampling stream, so a seed still means one draw per token.
     */
    private int nucleus(int count, double mass) {
        int from = 0;
        int to = count;
        double needed = mass;
        while (to - from > 1) {
            double pivot = weights[candidates[from + (to - from) / 2]];
            // [from, heavy) weighs more than the pivot, [heavy, equal) exactly the pivot, the rest less.
            int heavy = from;
            int equal = from;
            double heavyMass = 0;
            for (int i = from; i < to; i++) {
                double w = weights[candidates[i]];
                if (w > pivot) {
                    swap(candidates, i, equal);
                    swap(candidates, equal++, heavy++);
                    heavyMass += w;
                } else if (w == pivot) {
                    swap(candidates, i, equal++);
                }
            }
            if (heavyMass >= needed) {
                to = heavy;
                continue;
            }
            double equalMass = (equal - heavy) * pivot;
            if (heavyMass + equalMass >= needed) {
                return heavy + (int) Math.min(equal - heavy, Math.ceil((needed - heavyMass) / pivot));
            }
            needed -= heavyMass + equalMass;
            from = equal;
        }
        return Math.min(count, from + 1);
    }

    /** Moves the {@code k} largest logits of {@code ids[from, to)} into its first k slots (quickselect). */
    private void selectLargest(int[] ids, int from, int to, int k, float[] logits) {
        int lo = from;
        int hi = to;
        int wanted = from + k;
        while (hi - lo > 1) {
            float pivot = logits[ids[lo + (hi - lo) / 2]];
            int greater = lo;
            int equal = lo;
            for (int i = lo; i < hi; i++) {
                float l = logits[ids[i]];
                if (l > pivot) {
                    swap(ids, i, equal);
                    swap(ids, equal++, greater++);
                } else if (l == pivot) {
                    swap(ids, i, equal++);
                }
            }
            if (wanted <= greater) {
                hi = greater;
            } else if (wanted <= equal) {
                return;
            } else {
                lo = equal;
            }
        }
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /** The most likely token (the lowest id among equals). */
    public static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
