package org.archlab.inference.server.models;

import org.archlab.inference.cache.KvCacheType;
import org.archlab.inference.checkpoint.CheckpointException;
import org.archlab.inference.checkpoint.LoadMode;
import org.archlab.inference.kernels.KernelBackend;
import org.archlab.inference.kernels.KernelBackends;
import org.archlab.inference.model.GgufModel;
import org.archlab.inference.model.RandomModel;
import org.archlab.inference.model.SafetensorsModel;
import org.archlab.inference.server.InferenceProperties;
import org.archlab.inference.tensor.StreamableWeights;
import org.archlab.problems.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;

/** Builds models with the engine: random weights for a registry architecture, or a checkpoint's weights. */
@Component
class ModelLoader {

    private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

    private final int threads;
    private final LoadMode loadMode;
    private final Duration retryAfter;
    private final KernelBackends backends;
    private final KvCacheType kvType;

    ModelLoader(InferenceProperties properties, KernelBackends backends) {
        this.backends = backends;
        this.threads = properties.kernelThreads();
        this.loadMode = properties.loadMode();
        this.retryAfter = properties.limits().retryAfter();
        this.kvType = properties.kvDtype();
    }

    /**
     * @param tokenizer the model's tokenizer, made beforehand (it needs no weights)
     * @throws ApiProblem 422 when the engine cannot build the model, 503 when memory runs out while it does
     */
    LoadedModel load(ModelSource source, ModelTokenizer tokenizer, int context) {
        long start = System.nanoTime();
        KernelBackend kernels = backends.create(threads);
        try {
            LoadedModel model = switch (source) {
                case SeededArchitecture random -> {
                    var weights = RandomModel.create(random.spec(), random.type(), random.seed(), kernels, context, kvType, threads);
                    yield new LoadedModel(source, weights.transformer(), tokenizer, kernels, weights, weights.weightBytes(),
                            weights.streamableWeightBytes());
                }
                case Checkpoint checkpoint when checkpoint.format() == CheckpointFormat.GGUF -> {
                    var gguf = GgufModel.open(checkpoint.path(), loadMode, kernels, context, kvType);
                    yield new LoadedModel(source, gguf.transformer(), tokenizer, kernels, gguf, gguf.checkpoint().dataBytes(),
                            StreamableWeights.bytes(gguf.checkpoint(), gguf.transformer().spec()));
                }
                case Checkpoint checkpoint -> {
                    var hf = SafetensorsModel.open(checkpoint.path(), loadMode, kernels, context, kvType);
                    yield new LoadedModel(source, hf.transformer(), tokenizer, kernels, hf, hf.checkpoint().dataBytes(),
                            StreamableWeights.bytes(hf.checkpoint(), hf.checkpoint().spec()));
                }
            };
            log.info("loaded {} on {}/{} ({} weight bytes of which {} streamable, {} {} KV cache bytes for {} positions, tokenizer: {}) in {} ms", source.id(), kernels.name(), kernels.device(),
                    model.weightBytes(), model.streamableWeightBytes(), model.kvCacheBytes(), kvType, context, tokenizer.kind(), (System.nanoTime() - start) / 1_000_000);
            return model;
        } catch (CheckpointException e) {
            kernels.close();
            // The path is for the log: the answer reaches writers, and through benchmark tasks, readers.
            log.warn("the checkpoint of {} cannot be loaded: {}", source.id(), e.getMessage());
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "the checkpoint of " + source.id() + " cannot be loaded: "
                    + e.problem(), List.of(), "invalid_checkpoint", null);
        } catch (OutOfMemoryError e) {
            kernels.close();
            throw ApiProblem.busy(HttpStatus.SERVICE_UNAVAILABLE, "memory ran out while loading " + source.id(),
                    "insufficient_memory", retryAfter);
        } catch (RuntimeException e) {
            kernels.close();
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "the engine cannot build " + source.id() + " ("
                    + source.spec().family() + "): " + e.getMessage(), List.of(), "model_not_supported", null);
        }
    }
}
