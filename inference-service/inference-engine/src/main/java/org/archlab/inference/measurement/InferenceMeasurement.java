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
 * and are dropped. {@code ./archlab bench} (its catalog sweep and estimate check too) and the inference service's
 * measured runs all call it, so their figures agree by construction. Greedy decoding: throughput does not depend on
 * which token is chosen.
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
        return inTurn(List.of(model), contextLength).getFirst();
    }

    /**
     * Measures several models at {@code contextLength} positions pass by pass in turn: pass i of each model, then pass
     * i + 1 of each. On a machine whose speed drifts (shared with other work) the drift then falls on all of them alike,
     * so their ratio holds better than their absolute speeds. Each model gets the caches and prompts {@link #atContext}
     * gives it, all held until the last pass, and its figures in the order of {@code models}.
     */
    public List<MeasuredContext> inTurn(List<Transformer> models, int contextLength) {
        if (contextLength < settings.shortestContext()) {
            throw new IllegalArgumentException("contextLength must be at least promptTokens + generateTokens ("
                    + settings.shortestContext() + "), was " + contextLength);
        }
        List<TimedPass> passes = new ArrayList<>();
        List<List<MeasuredRepeat>> kept = new ArrayList<>();
        for (Transformer model : models) {
            // Seeded by the length too, so each context of a run has prompts of its own, the same on every run.
            var random = new SplittableRandom(settings.seed() * 31 + contextLength);
            passes.add(settings.batch() == 1
                    ? new SingleSequencePass(model, contextLength, settings, random, clock, checkStopping)
                    : new BatchPass(model, contextLength, settings, random, clock, checkStopping));
            kept.add(new ArrayList<>());
        }
        for (int i = 0; i < settings.warmup() + settings.repeats(); i++) {
            for (int m = 0; m < passes.size(); m++) {
                checkStopping.run();
                MeasuredRepeat repeat = passes.get(m).once(i);
                if (i >= settings.warmup()) {
                    kept.get(m).add(repeat);
                }
            }
        }
        List<MeasuredContext> measured = new ArrayList<>();
        for (int m = 0; m < passes.size(); m++) {
            measured.add(measured(models.get(m), passes.get(m), contextLength, kept.get(m)));
        }
        return List.copyOf(measured);
    }

    private MeasuredContext measured(Transformer model, TimedPass pass, int contextLength, List<MeasuredRepeat> repeats) {
        return new MeasuredContext(contextLength, settings.batch(), pass.kvCacheBytes(),
                RandomModel.estimatedCacheBytes(model.spec(), contextLength, settings.kvType()) * settings.batch(), List.copyOf(repeats),
                pass.tokensPerExpert());
    }
}
