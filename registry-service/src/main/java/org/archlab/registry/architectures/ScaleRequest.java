package org.archlab.registry.architectures;

import org.archlab.architecture.analysis.RunMemory;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Dtype;
import org.archlab.architecture.spec.ScaledVariant;
import org.archlab.architecture.spec.Scaling;
import org.archlab.problems.ApiProblem;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

import java.util.Arrays;

/**
 * The body of {@code POST /api/v1/architectures/{name}/scaled-variants}: either the layers and routed experts to keep
 * ({@code {"layers": 8, "experts": 32}}), or a memory budget to fit at a context and batch
 * ({@code {"fit": {"budgetBytes": 8589934592, "context": 32768, "batch": 8, "weightDtype": "Q8_0"}}}), counted as the
 * inference engine counts a run's memory ({@link RunMemory}: the weights once, a KV cache per sequence).
 */
sealed interface ScaleRequest {

    /** The largest batch a fit is asked for: far past any batch an inference server decodes, short of overflowing a count. */
    int MAX_BATCH = 1024;

    /** The variant of {@code spec} this request asks for; the spec itself where it asks to keep everything. */
    ArchitectureSpec apply(String name, ArchitectureSpec spec);

    /** Keep {@code layers} layers (raised to a whole cycle of every kind) and at most {@code experts} routed experts. */
    record Explicit(int layers, int experts) implements ScaleRequest {
        @Override
        public ArchitectureSpec apply(String name, ArchitectureSpec spec) {
            return ScaledVariant.of(spec, layers, experts);
        }
    }

    /** The largest variant whose weights and {@code batch} F32 KV caches at {@code context} fit {@code budgetBytes}. */
    record Fit(long budgetBytes, int context, int batch, Dtype weightDtype) implements ScaleRequest {
        @Override
        public ArchitectureSpec apply(String name, ArchitectureSpec spec) {
            return ScaledVariant.fit(spec, s -> RunMemory.bytes(s, weightDtype, context, batch), budgetBytes).orElseThrow(() -> {
                ArchitectureSpec smallest = ScaledVariant.smallest(spec);
                return ApiProblem.field(HttpStatus.UNPROCESSABLE_CONTENT, "fit.budgetBytes", "'" + name
                        + "' cannot fit " + budgetBytes + " bytes even scaled: its smallest variant ("
                        + Scaling.between(spec, smallest) + ") needs " + RunMemory.bytes(smallest, weightDtype, context, batch)
                        + " bytes at " + context + " tokens" + (batch > 1 ? " × " + batch + " sequences" : "") + " in " + weightDtype);
            });
        }
    }

    static ScaleRequest read(JsonNode body) {
        SpecBodies.onlyFields(body, "layers", "experts", "fit");
        JsonNode fit = body.get("fit");
        if (fit != null && (body.has("layers") || body.has("experts"))) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "fit", "give either fit or layers and experts, not both");
        }
        if (fit == null) {
            if (!body.has("layers") && !body.has("experts")) {
                throw ApiProblem.field(HttpStatus.BAD_REQUEST, "layers", "give layers and/or experts to keep, or fit");
            }
            return new Explicit(positive(body, "layers", "layers", Integer.MAX_VALUE),
                    positive(body, "experts", "experts", Integer.MAX_VALUE));
        }
        if (!fit.isObject()) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "fit", "must be an object with budgetBytes, context, batch and weightDtype");
        }
        SpecBodies.onlyFields(fit, "budgetBytes", "context", "batch", "weightDtype");
        JsonNode budget = fit.get("budgetBytes");
        if (budget == null || !budget.isIntegralNumber() || !budget.canConvertToLong() || budget.longValue() < 1) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "fit.budgetBytes", "is required and must be a positive integer");
        }
        int context = positive(fit, "context", "fit.context", null);
        // Sequences decoding together, each with a cache of the context: the largest batch the variant will run at.
        int batch = positive(fit, "batch", "fit.batch", 1);
        if (batch > MAX_BATCH) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "fit.batch", "must be at most " + MAX_BATCH + ", was " + batch);
        }
        JsonNode dtype = fit.get("weightDtype");
        Dtype weightDtype = dtype == null ? Dtype.Q8_0 : Dtype.named(dtype.asString()).orElseThrow(() -> ApiProblem.field(
                HttpStatus.BAD_REQUEST, "fit.weightDtype", "must be one of " + Arrays.toString(Dtype.values())));
        return new Fit(budget.longValue(), context, batch, weightDtype);
    }

    private static int positive(JsonNode body, String member, String field, Integer fallback) {
        JsonNode node = body.get(member);
        if (node == null && fallback != null) {
            return fallback;
        }
        if (node == null || !node.canConvertToInt() || !node.isIntegralNumber() || node.intValue() < 1) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, field, "must be a positive integer" + (node == null ? "" : ", was " + node));
        }
        return node.intValue();
    }
}
