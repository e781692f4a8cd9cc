package org.archlab.inference.server;

import org.archlab.inference.cache.KvCacheType;
import org.archlab.inference.checkpoint.LoadMode;
import org.archlab.inference.tensor.GgmlType;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How the inference service runs: where models come from, how much memory they may take, and the
 * limits that keep it answering under load.
 *
 * @param modelDirs      directories checkpoints may be registered from, colon-separated ({@code ARCHLAB_MODEL_DIRS})
 * @param registryUrl    the registry-service that names architectures for random-weight models
 * @param memoryBudget   weights plus KV caches of all loaded models together; least recently used models are unloaded
 * @param defaultContext positions a model's KV cache is allocated for (capped at the architecture's own maximum)
 * @param defaultDtype   weight format of random-weight models when the model name does not say
 * @param weightSeed     seed of random weights when the request does not give one
 * @param threads        kernel threads per model; 0 = every available core
 * @param loadMode       how checkpoint weights reach memory
 * @param backend        kernel backend: {@code auto} (TornadoVM when its runtime and a device are there, else the
 *                       JVM), {@code jvm}, {@code tornadovm} or {@code tornadovm:<device index>}
 * @param dataDir        where the service keeps what must outlive it: the registered checkpoints ({@code ARCHLAB_INFERENCE_DATA})
 * @param maxBatch       generations one model decodes together (continuous batching); more wait for a seat
 * @param kvBudget       KV caches and recurrent states of all running generations together, each sized for its
 *                       prompt plus max_tokens; a generation that does not fit waits for others to finish
 * @param kvDtype        the format KV caches keep keys and values in ({@code F32}, {@code F16} or {@code BF16}): the loaded
 *                       models' and their generations', and a measured run's unless it names its own
 *                       ({@code ARCHLAB_INFERENCE_KVDTYPE})
 */
@ConfigurationProperties("archlab.inference")
public record InferenceProperties(
        @DefaultValue("") String modelDirs,
        @DefaultValue("http://localhost:8081") URI registryUrl,
        @DefaultValue("8GB") DataSize memoryBudget,
        @DefaultValue("2048") int defaultContext,
        @DefaultValue("Q8_0") GgmlType defaultDtype,
        @DefaultValue("1") long weightSeed,
        @DefaultValue("0") int threads,
        @DefaultValue("MEMORY") LoadMode loadMode,
        @DefaultValue("auto") String backend,
        @DefaultValue("data") Path dataDir,
        @DefaultValue("16") int maxBatch,
        @DefaultValue("4GB") DataSize kvBudget,
        @DefaultValue("F32") KvCacheType kvDtype,
        @DefaultValue Limits limits,
        @DefaultValue Runs runs) {

    /**
     * What one request may ask for and how long it may wait; past these the service answers 413, 400,
     * 429 or 503 at once instead of letting callers pile up.
     *
     * @param maxRequestBody     largest request body
     * @param maxTokens          most tokens one request may generate
     * @param maxPrompts         most prompts in one completion request
     * @param maxRequestWork     most tokens one request may make a model process: the sum over its prompts of prompt
     *                           tokens plus max_tokens
     * @param maxWaitingPerClient requests one client (an API key) may have waiting for a model's turn
     * @param maxContext         longest context a model or a measured run may be given
     * @param maxGenerations     generations (streamed or not) running at once across all models
     * @param queueWait          how long a request waits for a free generation slot or for its model before it is refused
     * @param retryAfter         what refusals put in Retry-After
     */
    public record Limits(
            @DefaultValue("1MB") DataSize maxRequestBody,
            @DefaultValue("4096") int maxTokens,
            @DefaultValue("128") int maxPrompts,
            @DefaultValue("65536") long maxRequestWork,
            @DefaultValue("16") int maxWaitingPerClient,
            @DefaultValue("32768") int maxContext,
            @DefaultValue("4") int maxGenerations,
            @DefaultValue("5s") Duration queueWait,
            @DefaultValue("2s") Duration retryAfter) {
    }

    /**
     * @param queueCapacity runs waiting at most; one more is refused with 429
     * @param retention     how long a finished run stays readable
     */
    public record Runs(@DefaultValue("32") int queueCapacity, @DefaultValue("1h") Duration retention) {
    }

    /** The configured model directories, without blanks. */
    public List<Path> modelDirectories() {
        return Arrays.stream(modelDirs.split(":")).map(String::strip).filter(s -> !s.isEmpty()).map(Path::of).toList();
    }

    /** Kernel threads for a model. */
    public int kernelThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
