package org.archlab.benchmark.dashboard;

import org.archlab.problems.ApiProblem;

import java.util.Arrays;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** What the dashboard ranks and plots: a name in the API, its column, and which way is better. */
enum Metric {
    DECODE_TPS("decode_tps", "decode_tps", true, LatestResult::decodeTokensPerSecond, r -> null) {
        @Override
        Double estimatedFullSize(LatestResult r) {
            return r.fullSizeEstimate() == null ? null : r.fullSizeEstimate().decodeTokensPerSecond();
        }
    },
    PREFILL_TPS("prefill_tps", "prefill_tps", true, LatestResult::prefillTokensPerSecond, r -> null),
    TTFT_MS("ttft_ms", "ttft_ms", false, LatestResult::timeToFirstTokenMs, r -> null),
    ITL_P99_MS("itl_p99_ms", "itl_p99_ms", false, LatestResult::interTokenLatencyP99Ms, r -> null),
    KV_BYTES("kv_bytes", "kv_cache_bytes", false, LatestResult::kvCacheBytes, LatestResult::theoreticalKvBytes) {
        @Override
        Double estimatedFullSize(LatestResult r) {
            return r.fullSizeEstimate() == null || r.fullSizeEstimate().kvCacheBytes() == null ? null
                    : r.fullSizeEstimate().kvCacheBytes().doubleValue();
        }
    },
    PEAK_MEMORY("peak_memory", "peak_resident_bytes", false,
            r -> r.peakResidentBytes() == null ? Double.NaN : r.peakResidentBytes(), r -> null);

    final String key;
    final String column;
    final boolean higherIsBetter;
    private final ToDoubleFunction<LatestResult> measured;
    private final Function<LatestResult, Long> theoretical;

    Metric(String key, String column, boolean higherIsBetter, ToDoubleFunction<LatestResult> measured,
           Function<LatestResult, Long> theoretical) {
        this.key = key;
        this.column = column;
        this.higherIsBetter = higherIsBetter;
        this.measured = measured;
        this.theoretical = theoretical;
    }

    double measured(LatestResult r) {
        return measured.applyAsDouble(r);
    }

    /** The registry's figure for the same quantity, where it has one. */
    Long theoretical(LatestResult r) {
        return theoretical.apply(r);
    }

    /** For a scaled run, the full-size original's figure for the same quantity (an estimate or its theory); null otherwise. */
    Double estimatedFullSize(LatestResult r) {
        return null;
    }

    /** SQL ordering with the best first; the column comes from this enum, never from the request. */
    String bestFirst() {
        return "r." + column + (higherIsBetter ? " DESC" : " ASC") + " NULLS LAST";
    }

    static Metric named(String key) {
        return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst()
                .orElseThrow(() -> ApiProblem.field("metric", "must be one of "
                        + Arrays.stream(values()).map(m -> m.key).toList() + ", was " + key));
    }
}
