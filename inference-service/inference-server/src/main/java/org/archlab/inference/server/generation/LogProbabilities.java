package org.archlab.inference.server.generation;

import java.util.ArrayList;
import java.util.List;

/**
 * The log-softmax of one position's raw logits, without materialising it: log p(i) = logit(i) − max − log Σ exp(logit − max).
 * Logprobs are those of the model itself, before temperature or top-p, as OpenAI and vLLM report them.
 */
final class LogProbabilities {

    private final float[] logits;
    private final double offset;

    LogProbabilities(float[] logits) {
        this.logits = logits;
        float max = Float.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp(l - max);
        }
        this.offset = max + Math.log(sum);
    }

    double of(int token) {
        return logits[token] - offset;
    }

    /** The {@code k} most likely tokens, most likely first; ties keep the lower id first. */
    List<TokenLogprob.Alternative> top(int k) {
        int n = Math.min(k, logits.length);
        if (n <= 0) {
            return List.of();
        }
        int[] best = new int[n];
        int size = 0;
        for (int id = 0; id < logits.length; id++) {
            if (size < n || logits[id] > logits[best[size - 1]]) {
                int at = size < n ? size++ : size - 1;
                while (at > 0 && logits[id] > logits[best[at - 1]]) {
                    best[at] = best[at - 1];
                    at--;
                }
                best[at] = id;
            }
        }
        var top = new ArrayList<TokenLogprob.Alternative>(size);
        for (int i = 0; i < size; i++) {
            top.add(new TokenLogprob.Alternative(best[i], of(best[i])));
        }
        return top;
    }

    TokenLogprob describe(int token, int k) {
        return new TokenLogprob(token, of(token), top(k));
    }
}
