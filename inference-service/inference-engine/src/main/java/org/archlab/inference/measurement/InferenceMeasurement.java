package org.archlab.inference.measurement;

import org.archlab.inference.model.RandomModel;
import org.archlab.inference.model.Transformer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The engine's one measurement of a model at a context length L: the prompt (random ids) is prefilled and timed to the
 * first token, the cache is filled untimed to L − generate positions, then generate tokens are decoded and timed one
 * by one ({@link SingleSequencePass}, or {@link BatchPass} for sequences decoding together); warmup passes run the same
 * and are dropped. {@code ./archlab bench} and the inference service's measured runs both call it, so their figures
 * agree by construction. Greedy decoding: throughput does not depend on which token is chosen.
 */
public final class InferenceMeasurement {

    private final MeasurementSettings settings;
    private final NanoClock clock;
    private final Runnable checkStopping;

    /** @param checkStopping called between passes and steps; throws to abandon the measurement */
    public InferenceMeasurement(MeasurementSettings settings, NanoClock clock, Runnable checkStopping) {
        this.settings = settings;
        this.clock = clock;
        this.checkStopping = checkStopping;
    }

    public InferenceMeasurement(MeasurementSettings settings) {
        this(settings, NanoClock.system(), () -> {
        });
    }

    /**
     * Measures at {@code contextLength} positions. One sequence runs in a transformer over {@code model}'s weights with a
     * cache of exactly that length; a batch steps through {@code model} with a memory of that length per sequence.
     */
    public MeasuredContext atContext(Transformer model, int contextLength) {
        if (contextLength < settings.shortestContext()) {
            throw new IllegalArgumentException("contextLength must be at least promptTokens + generateTokens ("
                    + settings.shortestContext() + "), was " + contextLength);
        }
        // Seeded by the length too, so each context of a run has prompts of its own, the same on every run.
        var random = new SplittableRandom(settings.seed() * 31 + contextLength);
        TimedPass pass = settings.batch() == 1
                ? new SingleSequencePass(model, contextLength, settings, random, clock, checkStopping)
                : new BatchPass(model, contextLength, settings, random, clock, checkStopping);
        List<MeasuredRepeat> repeats = new ArrayList<>();
        for (int i = 0; i < settings.warmup() + settings.repeats(); i++) {
            checkStopping.run();
            MeasuredRepeat repeat = pass.once(i);
            if (i >= settings.warmup()) {
                repeats.add(repeat);
            }
        }
        return new MeasuredContext(contextLength, settings.batch(), pass.kvCacheBytes(),
                RandomModel.estimatedCacheBytes(model.spec(), contextLength, settings.kvType()) * settings.batch(), List.copyOf(repeats),
                pass.tokensPerExpert());
    }
}
