package org.archlab.inference.measurement;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A measurement at one context length.
 *
 * @param contextLength      positions each sequence's cache holds
 * @param batch              sequences decoded together
 * @param kvCacheBytes       what the caches and recurrent states of all sequences hold, as allocated
 * @param kvCacheBytesTheory the registry's estimate for {@code contextLength} positions in the settings' KV cache type
 *                           (recurrent states in F32, as the engine keeps them), times the batch
 * @param repeats            the kept passes, warmup left out
 * @param tokensPerExpert    for a mixture-of-experts model, the tokens each routed expert processed over every pass
 *                           (warmup included), summed over the MoE layers; empty for a dense model
 */
public record MeasuredContext(int contextLength, int batch, long kvCacheBytes, long kvCacheBytesTheory,
                              List<MeasuredRepeat> repeats, long[] tokensPerExpert) {

    public Spread timeToFirstTokenMs() {
        return spread(MeasuredRepeat::timeToFirstTokenMs);
    }

    public Spread prefillTokensPerSecond() {
        return spread(MeasuredRepeat::prefillTokensPerSecond);
    }

    public Spread decodeTokensPerSecond() {
        return spread(MeasuredRepeat::decodeTokensPerSecond);
    }

    public Spread interTokenLatencyP50Ms() {
        return spread(MeasuredRepeat::interTokenLatencyP50Ms);
    }

    public Spread interTokenLatencyP99Ms() {
        return spread(MeasuredRepeat::interTokenLatencyP99Ms);
    }

    private Spread spread(ToDoubleFunction<MeasuredRepeat> figure) {
        return Spread.of(repeats.stream().mapToDouble(figure).toArray());
    }
}
