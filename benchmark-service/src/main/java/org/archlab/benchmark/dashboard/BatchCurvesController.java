package org.archlab.benchmark.dashboard;

import org.archlab.benchmark.jobs.BenchmarkRequest;
import org.archlab.benchmark.jobs.StatedCapabilities;
import org.archlab.problems.ApiProblem;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The dashboard's throughput over batch size ({@link BatchCurves}). */
@RestController
@RequestMapping("/api/v1/dashboard")
class BatchCurvesController {

    private final BatchResults results;
    private final StatedCapabilities inference;

    BatchCurvesController(BatchResults results, StatedCapabilities inference) {
        this.results = results;
        this.inference = inference;
    }

    /**
     * @param context       the context length; by default the longest at which batches were measured
     * @param architectures comma-separated; by default every architecture measured at the context
     * @param kvDtype       the KV cache format of the results shown (any case of F32, F16, BF16; F32 unless named)
     */
    @GetMapping("/batch-curves")
    BatchCurves batchCurves(@RequestParam(required = false) Integer context,
                            @RequestParam(required = false) String architectures,
                            @RequestParam(required = false) String dtype,
                            @RequestParam(required = false) String backend,
                            @RequestParam(required = false) String kvDtype) {
        if (context != null && (context < 1 || context > BenchmarkRequest.MAX_CONTEXT)) {
            throw ApiProblem.field("context", "must be between 1 and " + BenchmarkRequest.MAX_CONTEXT + ", was " + context);
        }
        var names = architectures == null ? null : DashboardController.names(architectures);
        var filter = DashboardQueries.ResultFilter.of(dtype, backend, kvDtype, false);
        List<Integer> contexts = results.batchedContexts(filter.kvDtype());
        Integer at = context != null ? context : contexts.isEmpty() ? null : contexts.getLast();
        if (at == null) {
            return new BatchCurves(null, filter.kvDtype(), contexts, null, List.of());
        }
        var budget = inference.kvBudgetBytes();
        return BatchCurves.of(at, filter.kvDtype(), contexts, budget.isPresent() ? budget.getAsLong() : null,
                results.at(at, names, filter));
    }
}
