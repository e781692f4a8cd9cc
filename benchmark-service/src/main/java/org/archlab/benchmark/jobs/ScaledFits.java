package org.archlab.benchmark.jobs;

import org.archlab.architecture.analysis.RunMemory;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Dtype;
import org.archlab.architecture.spec.ScaledVariant;
import org.archlab.architecture.spec.Scaling;
import org.archlab.problems.ApiProblem;

import java.util.List;
import java.util.Map;

/**
 * Whether a scaled job's architectures can run within inference-service's memory budget at the job's longest context and
 * largest batch, counted as the engine counts a run (weights in the job's format once, an F32 KV cache per sequence, as
 * inference-service checks a run of a batch): an architecture whose smallest variant (one whole cycle of its layer
 * kinds, the fewest experts that keep top-k) does not fit, or whose explicit scaling does not fit, is refused now with
 * its field named, instead of being queued to fail. The caches count F32 whatever the job's {@code kvDtype}, as the
 * registry's fit ({@code POST …/scaled-variants}) counts them when the worker derives the variant: both must agree on
 * what fits, and a job in F16 or BF16 caches then fits with room to spare rather than not at all.
 */
final class ScaledFits {

    private ScaledFits() {
    }

    /**
     * @param fields     each architecture's name and the request field that named it
     * @param registry   the specs the registry gave (a name without one is left to its task)
     * @param budgetBytes inference-service's stated memory budget; null when it stated none (nothing is checked)
     */
    static void check(JobSpec job, Map<String, String> fields, KnownArchitectures registry, Long budgetBytes,
                      List<ApiProblem.FieldError> errors) {
        if (job.scale().none()) {
            return;
        }
        if (!"random".equals(job.weights())) {
            errors.add(new ApiProblem.FieldError("scale", "only random weights are scaled: a checkpoint runs as it is"));
            return;
        }
        fields.forEach((name, field) -> {
            if (name.contains("@")) {
                errors.add(new ApiProblem.FieldError(field, "a scaled job derives its variants from the latest revision: name "
                        + name.substring(0, name.indexOf('@')) + " without a revision"));
            }
        });
        var dtype = Dtype.named(job.dtype());
        if (budgetBytes == null || dtype.isEmpty()) {
            return;
        }
        int context = job.longestContext();
        int batch = job.largestBatch();
        fields.forEach((name, field) -> registry.spec(name).ifPresent(spec -> {
            String problem = problem(name, spec, job.scale(), dtype.get(), context, batch, budgetBytes);
            if (problem != null) {
                errors.add(new ApiProblem.FieldError(field, problem));
            }
        }));
    }

    private static String problem(String name, ArchitectureSpec spec, Scale scale, Dtype dtype, int context, int batch, long budget) {
        boolean fit = "fit".equals(scale.mode());
        ArchitectureSpec variant = fit ? ScaledVariant.smallest(spec)
                : ScaledVariant.of(spec, scale.layers() == null ? Integer.MAX_VALUE : scale.layers(),
                        scale.experts() == null ? Integer.MAX_VALUE : scale.experts());
        long bytes = RunMemory.bytes(variant, dtype, context, batch);
        if (bytes <= budget) {
            return null;
        }
        String needs = " needs " + bytes + " bytes at " + context + " tokens" + (batch > 1 ? " × " + batch + " sequences" : "")
                + " in " + dtype + " (" + RunMemory.weightBytes(variant, dtype) + " of weights), more than inference-service's"
                + " memory budget of " + budget + " bytes";
        // Past batch 1 each sequence holds a cache of the context: fewer sequences is a way out too.
        String smallerBatch = batch > 1 ? "; smaller batch sizes need less" : "";
        return fit ? name + " cannot fit even scaled: its smallest variant (" + Scaling.between(spec, variant) + ")" + needs
                + smallerBatch
                : name + " scaled to " + Scaling.between(spec, variant) + needs + "; keep fewer layers or experts"
                + (batch > 1 ? " or smaller batch sizes" : "") + ", or ask for \"scale\": \"fit\"";
    }
}
