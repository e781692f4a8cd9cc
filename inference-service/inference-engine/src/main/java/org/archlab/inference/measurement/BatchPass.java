package org.archlab.inference.measurement;

import org.archlab.inference.cache.ContextMemory;
import org.archlab.inference.generation.Sampler;
import org.archlab.inference.model.StepRow;
import org.archlab.inference.model.Transformer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A batch of sequences decoding together ({@link Transformer#step}), each with a memory of its own for the context
 * (KV caches in the settings' type):
 * their prompts are prefilled in one step, timed to the first tokens; at the first pass each memory is then filled to
 * {@code context − generate} positions with synthetic keys, values and states (untimed: attention and state updates
 * cost the same whatever the cached numbers, and B real fills would cost B prefills of the context); then
 * {@code generate} steps of one row per sequence are timed. A step gives every sequence a token, so its duration is
 * each sequence's inter-token latency.
 */
final class BatchPass implements TimedPass {

    private final Transformer transformer;
    private final MeasurementSettings settings;
    private final NanoClock clock;
    private final Runnable checkStopping;
    private final List<ContextMemory> memories = new ArrayList<>();
    private final int[][] prompts;
    private final int decodeFrom;

    BatchPass(Transformer model, int context, MeasurementSettings settings, SplittableRandom random, NanoClock clock,
              Runnable checkStopping) {
        this.transformer = model;
        this.settings = settings;
        this.clock = clock;
        this.checkStopping = checkStopping;
        this.prompts = new int[settings.batch()][];
        for (int s = 0; s < settings.batch(); s++) {
            memories.add(model.newSequenceMemory(context, settings.kvType()));
            prompts[s] = random.ints(settings.promptTokens(), 0, model.spec().vocabSize()).toArray();
        }
        this.decodeFrom = context - settings.generateTokens();
    }

    @Override
    public MeasuredRepeat once(int index) {
        int batch = memories.size();
        List<StepRow> rows = new ArrayList<>();
        for (int s = 0; s < batch; s++) {
            for (int p = 0; p < prompts[s].length; p++) {
                rows.add(new StepRow(memories.get(s), prompts[s][p], p, p == prompts[s].length - 1));
            }
        }
        var timeline = new TokenTimeline(clock, batch * settings.promptTokens(), batch);
        timeline.prefillStarts();
        float[][] promptLogits = transformer.step(rows);
        int[] tokens = new int[batch];
        for (int s = 0, row = 0; s < batch; s++) {
            row += prompts[s].length;
            tokens[s] = Sampler.argmax(promptLogits[row - 1]);
        }
        timeline.firstToken();
        if (index == 0) {
            fill();
        }
        timeline.decodeStarts();
        for (int i = 0; i < settings.generateTokens(); i++) {
            checkStopping.run();
            rows.clear();
            for (int s = 0; s < batch; s++) {
                rows.add(StepRow.decode(memories.get(s), tokens[s], decodeFrom + i));
            }
            float[][] logits = transformer.step(rows);
            for (int s = 0; s < batch; s++) {
                tokens[s] = Sampler.argmax(logits[s]);
            }
            timeline.token();
        }
        return timeline.figures();
    }

    /**
     * Once, at the first pass: later passes rewrite only the prompt's and the decoded positions, so the filled ones
     * stay as they are, as in {@link SingleSequencePass}.
     */
    private void fill() {
        for (int s = 0; s < memories.size(); s++) {
            memories.get(s).fillSynthetic(decodeFrom, settings.seed() * 1000 + s);
        }
    }

    @Override
    public long kvCacheBytes() {
        return memories.stream().mapToLong(ContextMemory::bytes).sum();
    }

    @Override
    public long[] tokensPerExpert() {
        return transformer.tokensPerExpert();
    }
}
