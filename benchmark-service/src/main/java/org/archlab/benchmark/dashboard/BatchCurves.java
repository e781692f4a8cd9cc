package org.archlab.benchmark.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.archlab.architecture.spec.Scaling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Decode throughput over batch size at one context length, one curve per architecture, and where inference-service's
 * KV budget for concurrent generations ends each curve: the most sequences of this context whose KV caches fit it
 * together. Served at {@code GET /api/v1/dashboard/batch-curves} (docs/api/benchmarks.md).
 *
 * @param context       the context length of every point; null when no batch was measured yet
 * @param kvDtype       the format every point's KV caches were kept in
 * @param contexts      the context lengths at which some architecture was measured decoding more than one sequence with KV
 *                      caches in that format
 * @param kvBudgetBytes inference-service's KV budget; null when it has not stated one (then no curve has an end)
 */
record BatchCurves(Integer context, String kvDtype, List<Integer> contexts, Long kvBudgetBytes, List<Curve> series) {

    /**
     * One architecture's points by batch size.
     *
     * @param kvBytesPerSequence one sequence's KV cache at this context, by the registry's theory (by the measurement
     *                           where there is no theory)
     * @param kvBudgetBatch      the largest batch whose KV caches fit the KV budget; null without a budget
     */
    record Curve(String architecture, String originalArchitecture, @JsonInclude(JsonInclude.Include.NON_NULL) Scaling scaling,
                 long kvBytesPerSequence, Long kvBudgetBatch, List<Point> points) {
    }

    /**
     * One batch size: decode throughput summed over the batch, every sequence's inter-token latency, and the batch's KV
     * caches as measured and as the registry computes them (kvRatio = measured / theoretical; 1 when they agree).
     */
    record Point(int batch, double decodeTokensPerSecond, double interTokenLatencyP50Ms, double interTokenLatencyP99Ms,
                 long kvCacheBytes, Long theoreticalKvBytes, Double kvRatio, String dtype, String kvDtype, String backend,
                 boolean trusted) {
    }

    /** The curves of these rows (ordered by architecture and batch size, all in one KV format) under a KV budget (null: unknown). */
    static BatchCurves of(int context, String kvDtype, List<Integer> contexts, Long kvBudgetBytes, List<BatchResults.Row> rows) {
        var byArchitecture = new LinkedHashMap<String, List<BatchResults.Row>>();
        rows.forEach(r -> byArchitecture.computeIfAbsent(r.architecture(), a -> new ArrayList<>()).add(r));
        var series = byArchitecture.values().stream().map(points -> curve(points, kvBudgetBytes)).toList();
        return new BatchCurves(context, kvDtype, contexts, kvBudgetBytes, series);
    }

    private static Curve curve(List<BatchResults.Row> rows, Long kvBudgetBytes) {
        var first = rows.getFirst();
        // The registry's KV figure is one sequence's cache times the batch, exactly; so is a correct measurement.
        long perSequence = first.theoreticalKvBytes() != null ? first.theoreticalKvBytes() / first.batch()
                : first.kvCacheBytes() / first.batch();
        Long budgetBatch = kvBudgetBytes == null || perSequence <= 0 ? null : kvBudgetBytes / perSequence;
        var points = rows.stream().map(r -> new Point(r.batch(), r.decodeTokensPerSecond(), r.interTokenLatencyP50Ms(),
                r.interTokenLatencyP99Ms(), r.kvCacheBytes(), r.theoreticalKvBytes(),
                r.theoreticalKvBytes() == null || r.theoreticalKvBytes() == 0 ? null : (double) r.kvCacheBytes() / r.theoreticalKvBytes(),
                r.dtype(), r.kvDtype(), r.backend(), r.trusted())).toList();
        return new Curve(first.architecture(), first.originalArchitecture(), first.scaling(), perSequence, budgetBatch, points);
    }
}
