package org.archlab.inference.generation;

import org.archlab.inference.model.Transformer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.IntPredicate;

/** Runs a prompt through a transformer and generates tokens, timing prefill and decode separately. */
public final class Generator {

    private final Transformer transformer;

    public Generator(Transformer transformer) {
        this.transformer = transformer;
    }

    /**
     * @param prompt    token ids, at least one
     * @param maxTokens tokens to generate at most
     * @param stop      generation ends after a token for which this is true (e.g. end of sequence)
     */
    public GenerationResult generate(int[] prompt, int maxTokens, SamplingSettings settings, IntPredicate stop) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt must hold at least one token");
        }
        var sampler = new Sampler(settings);
        var seen = new HashSet<Integer>();
        long start = System.nanoTime();
        float[] logits = transformer.prefill(prompt, 0, false)[0];
        for (int token : prompt) {
            seen.add(token);
        }
        long prefillEnd = System.nanoTime();
        List<Integer> tokens = new ArrayList<>();
        long[] gaps = new long[Math.max(0, maxTokens - 1)];
        long firstToken = 0;
        long previous = 0;
        int position = prompt.length;
        for (int i = 0; i < maxTokens; i++) {
            int next = sampler.sample(logits, seen);
            long now = System.nanoTime();
            if (i == 0) {
                firstToken = now;
            } else {
                gaps[i - 1] = now - previous;
            }
            previous = now;
            tokens.add(next);
            seen.add(next);
            if (stop.test(next) || i == maxTokens - 1) {
                break;
            }
            logits = transformer.forward(next, position++);
        }
        long[] interToken = java.util.Arrays.copyOf(gaps, Math.max(0, tokens.size() - 1));
        return new GenerationResult(List.copyOf(tokens), prompt.length, firstToken - start, prefillEnd - start,
                tokens.isEmpty() ? 0 : previous - firstToken, interToken);
    }
}
