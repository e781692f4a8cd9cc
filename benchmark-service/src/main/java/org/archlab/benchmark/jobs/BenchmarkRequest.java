package org.archlab.benchmark.jobs;

import org.archlab.architecture.spec.Dtype;
import org.archlab.problems.ApiProblem;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /api/v1/benchmarks} as the client sent it: either a list of architectures or a
 * sweep over a base architecture and its variants; everything else has a default.
 */
public record BenchmarkRequest(
        List<String> architectures,
        Sweep sweep,
        String weights,
        String dtype,
        String backend,
        Integer promptTokens,
        Integer generateTokens,
        List<Integer> contextLengths,
        Integer batch,
        List<Integer> batchSizes,
        Integer repeats,
        Integer warmup,
        Long seed,
        String label,
        JsonNode scale,
        String kvDtype) {

    static final int MAX_TASKS = 256;
    /** The most sequences one task may decode together; inference-service may state fewer. */
    static final int MAX_BATCH = 64;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}(@[0-9]{1,9})?");
    private static final Set<String> WEIGHTS = Set.of("random", "model");
    private static final Set<String> BACKENDS = Set.of("auto", "jvm", "tornadovm");
    /** The longest context a job or a dashboard query may name. */
    public static final int MAX_CONTEXT = 1 << 20;

    /** A request that names no KV cache format: its runs keep inference-service's default. */
    public BenchmarkRequest(List<String> architectures, Sweep sweep, String weights, String dtype, String backend, Integer promptTokens,
                            Integer generateTokens, List<Integer> contextLengths, Integer batch, List<Integer> batchSizes, Integer repeats,
                            Integer warmup, Long seed, String label, JsonNode scale) {
        this(architectures, sweep, weights, dtype, backend, promptTokens, generateTokens, contextLengths, batch, batchSizes, repeats,
                warmup, seed, label, scale, null);
    }

    /** A base architecture and variants derived from it, all measured under the same settings. */
    public record Sweep(String base, List<String> variants) {
    }

    /** Whether the request asks for scaled variants, so that the registry's specs are needed to check it. */
    boolean scaled() {
        return scale != null && !(scale.isString() && "none".equals(scale.stringValue())) && !scale.isNull();
    }

    /** The job this request asks for, checked only by what needs no other service. */
    JobSpec toSpec() {
        return toSpec(null, KnownArchitectures.UNCHECKED);
    }

    /**
     * The job this request asks for, with defaults filled in; every offending field is named at once, including
     * each setting inference-service stated it cannot run (unchecked where {@code inference} is null) and, for random
     * weights, each architecture the registry says it does not know.
     */
    JobSpec toSpec(InferenceCapabilities inference, KnownArchitectures registry) {
        var errors = new ArrayList<ApiProblem.FieldError>();
        String weightsValue = oneOf("weights", weights, "random", WEIGHTS, errors);
        // Random weights are built from the registry's spec; a checkpoint's name is inference-service's, not the registry's.
        var fields = new LinkedHashMap<String, String>();
        List<String> names = architectureNames("random".equals(weightsValue) ? registry : KnownArchitectures.UNCHECKED, fields, errors);
        Scale scaleValue = Scale.read(scale, errors);
        String backendValue = oneOf("backend", backend, "auto", BACKENDS, errors);
        // Any case is a dtype's name (q8_0 as llama.cpp writes it); jobs store the canonical one.
        String dtypeValue = dtype == null ? "Q8_0" : Dtype.named(dtype).map(Dtype::name).orElse(dtype);
        if (Dtype.named(dtypeValue).isEmpty()) {
            errors.add(new ApiProblem.FieldError("dtype", "must be one of " + Arrays.toString(Dtype.values())));
        }
        String kvDtypeValue = canonicalKvDtype();
        if (kvDtype != null && kvDtypeValue == null) {
            errors.add(new ApiProblem.FieldError("kvDtype", KvDtypes.mustBeOneOf(kvDtype)));
        }
        int prompt = within("promptTokens", promptTokens, 128, 1, 32_768, errors);
        int generate = within("generateTokens", generateTokens, 64, 1, 4_096, errors);
        List<Integer> batches = batchSizes(errors);
        int repeatsValue = within("repeats", repeats, 3, 1, 20, errors);
        int warmupValue = within("warmup", warmup, 1, 0, 10, errors);
        List<Integer> contexts = contextLengths(prompt + generate, errors);
        if (label != null && label.length() > 200) {
            errors.add(new ApiProblem.FieldError("label", "must be at most 200 characters"));
        }
        int tasks = names.size() * contexts.size() * batches.size();
        if (errors.isEmpty() && tasks > MAX_TASKS) {
            errors.add(new ApiProblem.FieldError("contextLengths",
                    "architectures × context lengths × batch sizes must be at most " + MAX_TASKS + " tasks, was " + tasks));
        }
        var spec = new JobSpec(names, weightsValue, dtypeValue, backendValue, prompt, generate, contexts,
                batches, repeatsValue, warmupValue, seed == null ? 1L : seed, label, scaleValue, kvDtypeValue);
        if (inference != null) {
            inference.check(spec, contextLengths, batchSizes, errors);
        }
        if (errors.isEmpty()) {
            ScaledFits.check(spec, fields, registry, inference == null ? null : inference.memoryBudgetBytes(), errors);
        }
        if (!errors.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "The benchmark request is invalid", errors);
        }
        return spec;
    }

    /**
     * The KV cache format asked for, in any case, as inference-service names it ({@code F16}); null where the request names
     * none (its runs keep the server's default) or names none of {@link KvDtypes#ALL}.
     */
    private String canonicalKvDtype() {
        return kvDtype == null ? null : KvDtypes.named(kvDtype).orElse(null);
    }

    private List<String> architectureNames(KnownArchitectures registry, Map<String, String> fields, List<ApiProblem.FieldError> errors) {
        boolean listed = architectures != null && !architectures.isEmpty();
        if (listed == (sweep != null)) {
            errors.add(new ApiProblem.FieldError("architectures", "give either architectures or a sweep, not both or neither"));
            return List.of();
        }
        if (listed) {
            checkNames("architectures", architectures, registry, fields, errors);
        } else {
            checkNames("sweep.base", sweep.base() == null ? List.of() : List.of(sweep.base()), registry, fields, errors);
            if (sweep.base() == null) {
                errors.add(new ApiProblem.FieldError("sweep.base", "is required"));
            }
            if (sweep.variants() == null || sweep.variants().isEmpty()) {
                errors.add(new ApiProblem.FieldError("sweep.variants", "name at least one variant of the base"));
            } else {
                checkNames("sweep.variants", sweep.variants(), registry, fields, errors);
            }
        }
        return List.copyOf(fields.keySet());
    }

    /** Checks each name and adds it to {@code into} with the field that named it first. */
    private static void checkNames(String field, List<String> given, KnownArchitectures registry, Map<String, String> into,
                                   List<ApiProblem.FieldError> errors) {
        for (int i = 0; i < given.size(); i++) {
            String name = given.get(i);
            if (name == null || !NAME.matcher(name).matches()) {
                errors.add(new ApiProblem.FieldError(field + "[" + i + "]", "is not an architecture name: " + name));
            } else if (!into.containsKey(name) && registry.of(name) == KnownArchitectures.Answer.UNKNOWN) {
                errors.add(new ApiProblem.FieldError(field + "[" + i + "]", "the registry has no architecture " + name));
            } else {
                into.putIfAbsent(name, field + "[" + i + "]");
            }
        }
    }

    /**
     * The batch sizes to measure: {@code batchSizes}, or the single {@code batch} as its shorthand, or batch 1. Each
     * is a task of its own per architecture and context, so a repeated size is refused rather than measured twice.
     */
    private List<Integer> batchSizes(List<ApiProblem.FieldError> errors) {
        if (batchSizes == null) {
            return List.of(within("batch", batch, 1, 1, MAX_BATCH, errors));
        }
        if (batch != null) {
            errors.add(new ApiProblem.FieldError("batchSizes", "give either batch or batchSizes, not both"));
            return List.of(1);
        }
        if (batchSizes.isEmpty()) {
            errors.add(new ApiProblem.FieldError("batchSizes", "name at least one batch size"));
            return List.of(1);
        }
        var distinct = new LinkedHashSet<Integer>();
        for (int i = 0; i < batchSizes.size(); i++) {
            Integer size = batchSizes.get(i);
            if (size == null || size < 1 || size > MAX_BATCH) {
                errors.add(new ApiProblem.FieldError("batchSizes[" + i + "]", "must be between 1 and " + MAX_BATCH + ", was " + size));
            } else if (!distinct.add(size)) {
                errors.add(new ApiProblem.FieldError("batchSizes[" + i + "]", "repeats batch size " + size + "; name each once"));
            }
        }
        return distinct.isEmpty() ? List.of(1) : List.copyOf(distinct);
    }

    private List<Integer> contextLengths(int minimum, List<ApiProblem.FieldError> errors) {
        if (contextLengths == null || contextLengths.isEmpty()) {
            if (contextLengths != null) {
                errors.add(new ApiProblem.FieldError("contextLengths", "name at least one context length"));
            }
            return contextLengths == null ? List.of(Math.max(4096, minimum)) : List.of();
        }
        var distinct = new LinkedHashSet<Integer>();
        for (int i = 0; i < contextLengths.size(); i++) {
            Integer length = contextLengths.get(i);
            if (length == null || length < minimum || length > MAX_CONTEXT) {
                // The run prefills the prompt and decodes the generated tokens inside the context.
                errors.add(new ApiProblem.FieldError("contextLengths[" + i + "]",
                        "must be between promptTokens + generateTokens (" + minimum + ") and " + MAX_CONTEXT + ", was " + length));
            } else {
                distinct.add(length);
            }
        }
        return List.copyOf(distinct);
    }

    private static String oneOf(String field, String value, String fallback, Set<String> allowed, List<ApiProblem.FieldError> errors) {
        if (value == null) {
            return fallback;
        }
        if (!allowed.contains(value)) {
            errors.add(new ApiProblem.FieldError(field, "must be one of " + allowed.stream().sorted().toList()));
        }
        return value;
    }

    private static int within(String field, Integer value, int fallback, int min, int max, List<ApiProblem.FieldError> errors) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            errors.add(new ApiProblem.FieldError(field, "must be between " + min + " and " + max + ", was " + value));
        }
        return value;
    }
}
