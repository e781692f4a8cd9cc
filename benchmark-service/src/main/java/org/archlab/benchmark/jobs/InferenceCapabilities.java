package org.archlab.benchmark.jobs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.archlab.problems.ApiProblem;

import java.util.List;

/**
 * What measured runs inference-service makes, as it states them at {@code GET /api/v1/runs/capabilities}
 * (docs/api/runs.md). A job is checked against this before it is accepted, so that a job whose every task
 * inference-service would refuse is refused at once instead; the limits are asked for, never copied here.
 * Fields this service does not check are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record InferenceCapabilities(String backend, String device, List<String> backends, List<String> dtypes,
                             List<Integer> batchSizes, Integer maxContext, Long memoryBudgetBytes, Long kvBudgetBytes,
                             List<String> kvDtypes) {

    InferenceCapabilities(String backend, String device, List<String> backends, List<String> dtypes, List<Integer> batchSizes,
                          Integer maxContext) {
        this(backend, device, backends, dtypes, batchSizes, maxContext, null, null);
    }

    /** The capabilities of a server that states no KV cache formats (one from before runs could choose): none is checked. */
    InferenceCapabilities(String backend, String device, List<String> backends, List<String> dtypes, List<Integer> batchSizes,
                          Integer maxContext, Long memoryBudgetBytes, Long kvBudgetBytes) {
        this(backend, device, backends, dtypes, batchSizes, maxContext, memoryBudgetBytes, kvBudgetBytes, null);
    }

    /**
     * Every setting of the job inference-service would refuse, each naming the request's field (once: a field already
     * refused is not named again).
     *
     * @param requestedBatchSizes the request's {@code batchSizes} as given (each refused size named by its index), or null when
     *                            it gave the single {@code batch} or none
     */
    void check(JobSpec job, List<Integer> requestedContexts, List<Integer> requestedBatchSizes, List<ApiProblem.FieldError> errors) {
        if (batchSizes != null) {
            List<Integer> asked = requestedBatchSizes == null ? job.batchSizes() : requestedBatchSizes;
            for (int i = 0; i < asked.size(); i++) {
                if (asked.get(i) != null && !batchSizes.contains(asked.get(i))) {
                    refuse(errors, requestedBatchSizes == null ? "batch" : "batchSizes[" + i + "]",
                            "must be one of " + range(batchSizes) + ", the batch sizes inference-service decodes, was " + asked.get(i));
                }
            }
        }
        if (backends != null && !backends.contains(job.backend())) {
            refuse(errors, "backend", "must be one of " + backends + ": inference-service runs the "
                    + backend + " backend (" + device + ")");
        }
        if (dtypes != null && "random".equals(job.weights()) && !dtypes.contains(job.dtype())) {
            refuse(errors, "dtype", "must be one of " + dtypes + ", the formats inference-service builds random weights in");
        }
        if (kvDtypes != null && job.kvDtype() != null && !kvDtypes.contains(job.kvDtype())) {
            refuse(errors, "kvDtype", "must be one of " + kvDtypes + ", the KV cache formats inference-service keeps on the "
                    + backend + " backend (" + device + "), was '" + job.kvDtype() + "'");
        }
        if (maxContext != null && requestedContexts != null) {
            for (int i = 0; i < requestedContexts.size(); i++) {
                Integer length = requestedContexts.get(i);
                if (length != null && length > maxContext) {
                    refuse(errors, "contextLengths[" + i + "]", "must be at most " + maxContext
                            + ", the longest context inference-service runs, was " + length);
                }
            }
        }
    }

    /** {@code 1–64} for a run of consecutive sizes, as inference-service states them; the list otherwise. */
    private static String range(List<Integer> sizes) {
        boolean consecutive = !sizes.isEmpty() && sizes.getLast() - sizes.getFirst() == sizes.size() - 1;
        return consecutive && sizes.size() > 2 ? sizes.getFirst() + "–" + sizes.getLast() : sizes.toString();
    }

    private static void refuse(List<ApiProblem.FieldError> errors, String field, String message) {
        if (errors.stream().noneMatch(e -> e.field().equals(field))) {
            errors.add(new ApiProblem.FieldError(field, message));
        }
    }
}
