package org.archlab.inference.measurement;

/** One way {@link InferenceMeasurement} runs its passes at a context length: one sequence, or a batch of them. */
interface TimedPass {

    /** Runs pass {@code index} (warmup passes first) and returns what its timeline gave. */
    MeasuredRepeat once(int index);

    long kvCacheBytes();

    long[] tokensPerExpert();
}
