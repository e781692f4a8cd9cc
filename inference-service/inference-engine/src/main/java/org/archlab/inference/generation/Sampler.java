package org.archlab.inference.generation;

import java.util.Arrays;
import java.util.Collection;
import java.util.SplittableRandom;

/** Picks the next token from logits: greedy, or temperature with top-k, top-p and min-p filtering. */
public final class Sampler {

    private final SamplingSettings settings;
    private final SplittableRandom random;

    public Sampler(SamplingSettings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
    }

    /** Chooses a token; {@code logits} may be modified (penalties, temperature). */
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
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(logits[b], logits[a]));
        int keep = settings.topK() > 0 ? Math.min(settings.topK(), n) : n;
        double max = logits[order[0]] / settings.temperature();
        double[] probabilities = new double[keep];
        double total = 0;
        for (int i = 0; i < keep; i++) {
            probabilities[i] = Math.exp(logits[order[i]] / settings.temperature() - max);
            total += probabilities[i];
        }
        double cumulative = 0;
        int cut = keep;
        for (int i = 0; i < keep; i++) {
            probabilities[i] /= total;
            if (settings.minP() > 0 && probabilities[i] < settings.minP() * probabilities[0]) {
                cut = Math.max(1, i);
                break;
            }
            cumulative += probabilities[i];
            if (cumulative >= settings.topP()) {
                cut = i + 1;
                break;
            }
        }
        double kept = 0;
        for (int i = 0; i < cut; i++) {
            kept += probabilities[i];
        }
        double draw = random.nextDouble() * kept;
        for (int i = 0; i < cut; i++) {
            draw -= probabilities[i];
            if (draw <= 0) {
                return order[i];
            }
        }
        return order[cut - 1];
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
