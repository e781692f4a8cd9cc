package org.archlab.benchmark.dashboard;

import org.archlab.benchmark.jobs.BenchmarkRequest;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.archlab.architecture.spec.Scaling;
import org.archlab.problems.ApiProblem;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The dashboard's query API: leaderboard, side-by-side comparison, curves over context length, memory. Each shows results
 * in one KV cache format ({@code kvDtype}, F32 unless a query names another), so measured-vs-theory and speeds never set
 * an F16 cache beside an F32 one.
 */
@RestController
@RequestMapping("/api/v1/dashboard")
class DashboardController {

    private static final int MAX_ARCHITECTURES = 12;

    private final DashboardQueries queries;

    DashboardController(DashboardQueries queries) {
        this.queries = queries;
    }

    record Leaderboard(String metric, boolean higherIsBetter, int context, List<Entry> entries) {
        record Entry(int rank, double value, LatestResult result) {
        }
    }

    record Comparison(List<String> architectures, List<Integer> contexts, List<LatestResult> results) {
    }

    record Curves(String metric, List<Curve> series) {
        /** One architecture's points; a scaled variant names its original and what it kept. */
        record Curve(String architecture, String originalArchitecture, @JsonInclude(JsonInclude.Include.NON_NULL) Scaling scaling,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String estimateMethod, List<Point> points) {
        }

        /** {@code estimatedFullSize}: for a scaled variant, the full-size original's estimate or theory (never measured). */
        record Point(int contextLength, double measured, Long theoretical,
                     @JsonInclude(JsonInclude.Include.NON_NULL) Double estimatedFullSize) {
        }
    }

    record Memory(List<Row> rows) {
        /** KV cache and weights as measured and as the registry computes them; ratio = measured / theoretical KV. */
        record Row(String architecture, int contextLength, String dtype, String kvDtype, long measuredKvBytes, Long theoreticalKvBytes,
                   Double kvRatio, Long peakResidentBytes, Long weightBytes, Long streamableWeightBytes, Long theoreticalWeightBytes,
                   Long theoreticalParameters, String originalArchitecture, @JsonInclude(JsonInclude.Include.NON_NULL) Scaling scaling) {
        }
    }

    @GetMapping("/leaderboard")
    Leaderboard leaderboard(@RequestParam(defaultValue = "decode_tps") String metric,
                            @RequestParam(defaultValue = "4096") int context,
                            @RequestParam(required = false) String dtype,
                            @RequestParam(required = false) String backend,
                            @RequestParam(required = false) String kvDtype,
                            @RequestParam(defaultValue = "false") boolean trustedOnly,
                            @RequestParam(defaultValue = "20") int limit) {
        Metric m = Metric.named(metric);
        checkContext(context);
        if (limit < 1 || limit > 200) {
            throw ApiProblem.field("limit", "must be between 1 and 200");
        }
        var rows = queries.leaderboard(m, context, DashboardQueries.ResultFilter.of(dtype, backend, kvDtype, trustedOnly), limit);
        var entries = new ArrayList<Leaderboard.Entry>();
        for (var row : rows) {
            entries.add(new Leaderboard.Entry(entries.size() + 1, m.measured(row), row));
        }
        return new Leaderboard(m.key, m.higherIsBetter, context, entries);
    }

    @GetMapping("/compare")
    Comparison compare(@RequestParam String architectures,
                       @RequestParam(required = false) String dtype,
                       @RequestParam(required = false) String backend,
                       @RequestParam(required = false) String kvDtype) {
        var names = names(architectures);
        var results = queries.series(names, DashboardQueries.ResultFilter.of(dtype, backend, kvDtype, false));
        var contexts = results.stream().map(LatestResult::contextLength).distinct().sorted().toList();
        return new Comparison(names, contexts, results);
    }

    @GetMapping("/curves")
    Curves curves(@RequestParam(defaultValue = "decode_tps") String metric,
                  @RequestParam String architectures,
                  @RequestParam(required = false) String dtype,
                  @RequestParam(required = false) String backend,
                  @RequestParam(required = false) String kvDtype) {
        Metric m = Metric.named(metric);
        var curves = new LinkedHashMap<String, List<Curves.Point>>();
        var newest = new LinkedHashMap<String, LatestResult>();
        names(architectures).forEach(name -> curves.put(name, new ArrayList<>()));
        var filter = DashboardQueries.ResultFilter.of(dtype, backend, kvDtype, false);
        for (var r : queries.series(List.copyOf(curves.keySet()), filter)) {
            curves.get(r.architecture()).add(new Curves.Point(r.contextLength(), m.measured(r), m.theoretical(r), m.estimatedFullSize(r)));
            newest.put(r.architecture(), r);
        }
        return new Curves(m.key, curves.entrySet().stream().map(e -> {
            LatestResult r = newest.get(e.getKey());
            return new Curves.Curve(e.getKey(), r == null ? e.getKey() : r.originalArchitecture(), r == null ? null : r.scaling(),
                    r == null || r.fullSizeEstimate() == null ? null : r.fullSizeEstimate().method(), e.getValue());
        }).toList());
    }

    @GetMapping("/memory")
    Memory memory(@RequestParam(required = false) String architectures,
                  @RequestParam(required = false) Integer context,
                  @RequestParam(required = false) String dtype,
                  @RequestParam(required = false) String kvDtype) {
        if (context != null) {
            checkContext(context);
        }
        var filter = DashboardQueries.ResultFilter.of(dtype, null, kvDtype, false);
        var results = architectures == null ? queries.allSeries(context, filter) : queries.series(names(architectures), filter);
        return new Memory(results.stream()
                .filter(r -> context == null || r.contextLength() == context)
                .map(r -> new Memory.Row(r.architecture(), r.contextLength(), r.dtype(), r.kvDtype(), r.kvCacheBytes(),
                        r.theoreticalKvBytes(),
                        r.theoreticalKvBytes() == null || r.theoreticalKvBytes() == 0 ? null : (double) r.kvCacheBytes() / r.theoreticalKvBytes(),
                        r.peakResidentBytes(), r.weightBytes(), r.streamableWeightBytes(), r.theoreticalWeightBytes(),
                        r.theoreticalParameters(), r.originalArchitecture(), r.scaling()))
                .toList());
    }

    /** A context no run can have is refused, not answered with an empty result. */
    private static void checkContext(int context) {
        if (context < 1 || context > BenchmarkRequest.MAX_CONTEXT) {
            throw ApiProblem.field("context", "must be between 1 and " + BenchmarkRequest.MAX_CONTEXT + ", was " + context);
        }
    }

    /** The comma-separated names of a query, distinct, 1 to 12 of them. */
    static List<String> names(String architectures) {
        var names = Arrays.stream(architectures.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
        if (names.isEmpty() || names.size() > MAX_ARCHITECTURES) {
            throw ApiProblem.field("architectures", "name 1 to " + MAX_ARCHITECTURES + " architectures, comma-separated");
        }
        return names;
    }
}
