package org.archlab.inference.measurement;

import org.archlab.inference.generation.Sampler;
import org.archlab.inference.model.Transformer;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One sequence in a transformer whose cache holds exactly the context, in the settings' KV cache type: the prompt is prefilled and timed to its first
 * token; the first pass then fills the cache, untimed, to {@code context − generate} positions (synthetic keys, values
 * and states, {@link Transformer#assumeContext}; a cache on a device gets a real prefill, in chunks); then
 * {@code generate} tokens are decoded greedily and timed one by one. Later passes overwrite the same positions, so
 * every pass decodes over the same cache.
 */
final class SingleSequencePass implements TimedPass {

    /** Fill tokens per prefill call: keeps the batch buffers and one call's work bounded. */
    private static final int FILL_CHUNK = 512;

    private final Transformer transformer;
    private final MeasurementSettings settings;
    private final NanoClock clock;
    private final Runnable checkStopping;
    private final int[] prompt;
    private final int fillFrom;
    private final int decodeFrom;
    private final SplittableRandom random;

    SingleSequencePass(Transformer model, int context, MeasurementSettings settings, SplittableRandom random, NanoClock clock,
                       Runnable checkStopping) {
        this.transformer = model.withContext(context, settings.kvType());
        this.settings = settings;
        this.clock = clock;
        this.checkStopping = checkStopping;
        this.random = random;
        this.prompt = random.ints(settings.promptTokens(), 0, model.spec().vocabSize()).toArray();
        this.fillFrom = prompt.length;
        this.decodeFrom = context - settings.generateTokens();
    }

    @Override
    public MeasuredRepeat once(int index) {
        var timeline = new TokenTimeline(clock, prompt.length, 1);
        timeline.prefillStarts();
        int token = Sampler.argmax(transformer.prefill(prompt, 0, false)[0]);
        timeline.firstToken();
        if (index == 0) {
            fill();
        }
        timeline.decodeStarts();
        for (int i = 0; i < settings.generateTokens(); i++) {
            token = Sampler.argmax(transformer.forward(token, decodeFrom + i));
            timeline.token();
        }
        return timeline.figures();
    }

    private void fill() {
        if (transformer.cachesOnHost()) {
            transformer.assumeContext(decodeFrom, settings.seed());
            return;
        }
        int[] fill = random.ints(decodeFrom - fillFrom, 0, transformer.spec().vocabSize()).toArray();
        for (int from = 0; from < fill.length; from += FILL_CHUNK) {
            checkStopping.run();
            transformer.prefill(Arrays.copyOfRange(fill, from, Math.min(fill.length, from + FILL_CHUNK)), fillFrom + from, false);
        }
    }

    @Override
    public long kvCacheBytes() {
        return transformer.kvCacheBytes();
    }

    @Override
    public long[] tokensPerExpert() {
        return transformer.tokensPerExpert();
    }
}
