package org.archlab.inference.server.runs;

import org.archlab.problems.ApiProblem;
import org.springframework.http.HttpStatus;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A measured run as the benchmark service asks for it (docs/api/runs.md). Absent fields take the defaults
 * below; {@link #normalized(RunCapabilities)} fills them in and checks what can be checked without the model.
 *
 * @param weights        {@code random} (a registry architecture with seeded random weights) or {@code checkpoint}
 * @param dtype          weight format of random weights; ignored for a checkpoint
 * @param kvDtype        the format of the run's KV caches ({@code F32}, {@code F16} or {@code BF16}); the server's own
 *                       ({@code archlab.inference.kv-dtype}) when absent
 * @param backend        {@code auto}, {@code jvm} or {@code tornadovm}
 * @param contextLengths decode is measured with the context filled to each of these
 * @param batch          sequences decoded together (1 to 64), each with a KV cache of its own
 * @param requestId      the caller's idempotency key: the same key returns the same run
 */
public record RunRequest(String model, String weights, String dtype, String kvDtype, String backend, Integer promptTokens,
                         Integer generateTokens, List<Integer> contextLengths, Integer batch, Integer warmup, Integer repeats, Long seed, String requestId) {

    static final Set<String> WEIGHTS = Set.of("random", "checkpoint");
    static final Set<String> BACKENDS = Set.of("auto", "jvm", "tornadovm");

    /**
     * The request with every default filled in, or a 400 naming the first bad field (422 for a backend other than
     * the one this server runs, or a batch size it does not decode). The limits are the server's stated capabilities.
     */
    RunRequest normalized(RunCapabilities server) {
        if (model == null || model.isBlank()) {
            throw bad("model", "is required");
        }
        String w = weights == null ? "random" : weights;
        if (!WEIGHTS.contains(w)) {
            throw bad("weights", "must be one of " + WEIGHTS);
        }
        String b = backend == null ? "auto" : backend;
        if (!BACKENDS.contains(b)) {
            throw bad("backend", "must be one of " + BACKENDS);
        }
        String kv = kvDtype == null ? server.defaultKvDtype() : kvDtype.strip().toUpperCase(Locale.ROOT);
        if (!server.kvDtypes().contains(kv)) {
            throw bad("kvDtype", "must be one of " + server.kvDtypes());
        }
        int prompt = promptTokens == null ? 128 : promptTokens;
        int generate = generateTokens == null ? 64 : generateTokens;
        if (prompt < 1) {
            throw bad("promptTokens", "must be at least 1");
        }
        if (generate < 1) {
            throw bad("generateTokens", "must be at least 1");
        }
        List<Integer> contexts = contextLengths == null || contextLengths.isEmpty() ? List.of(prompt + generate) : contextLengths;
        if (contexts.size() > server.maxContextLengths()) {
            throw bad("contextLengths", "may hold at most " + server.maxContextLengths() + " lengths");
        }
        for (int i = 0; i < contexts.size(); i++) {
            Integer length = contexts.get(i);
            if (length == null || length < prompt + generate) {
                throw bad("contextLengths[" + i + "]", "must be at least promptTokens + generateTokens (" + (prompt + generate) + ")");
            }
        }
        int w8 = warmup == null ? 1 : warmup;
        int r = repeats == null ? 3 : repeats;
        if (w8 < 0 || w8 > server.maxWarmup()) {
            throw bad("warmup", "must be between 0 and " + server.maxWarmup());
        }
        if (r < 1 || r > server.maxRepeats()) {
            throw bad("repeats", "must be between 1 and " + server.maxRepeats());
        }
        int n = batch == null ? 1 : batch;
        if (!server.batchSizes().contains(n)) {
            throw ApiProblem.field(HttpStatus.UNPROCESSABLE_CONTENT, "batch", "must be one of " + server.batchSizes()
                    + ", the batch sizes the backends on this server decode");
        }
        if (!server.backends().contains(b)) {
            throw ApiProblem.field(HttpStatus.UNPROCESSABLE_CONTENT, "backend", "this server runs the " + server.backend()
                    + " backend (on " + server.device() + "); ask for auto or " + server.backend());
        }
        String d = w.equals("checkpoint") || dtype != null ? dtype : server.defaultDtype();
        return new RunRequest(model, w, d, kv, b, prompt, generate, List.copyOf(contexts), n, w8, r, seed == null ? 1L : seed, requestId);
    }

    int longestContext() {
        return contextLengths.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    private static ApiProblem bad(String field, String message) {
        return ApiProblem.field(HttpStatus.BAD_REQUEST, field, message);
    }
}
