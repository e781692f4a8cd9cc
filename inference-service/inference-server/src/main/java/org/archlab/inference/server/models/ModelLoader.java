package org.archlab.inference.server.models;

import org.archlab.inference.checkpoint.CheckpointException;
import org.archlab.inference.checkpoint.LoadMode;
import org.archlab.inference.kernels.KernelBackend;
import org.archlab.inference.kernels.jvm.JvmKernelBackend;
import org.archlab.inference.model.GgufModel;
import org.archlab.inference.model.RandomModel;
import org.archlab.inference.model.SafetensorsModel;
import org.archlab.inference.server.InferenceProperties;
import org.archlab.inference.server.problems.ApiProblem;
import org.archlab.inference.tokenizer.Tokenizer;
import org.archlab.inference.tokenizer.TokenizerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Builds models with the engine: random weights for a registry architecture, or a checkpoint's weights. */
@Component
class ModelLoader {

    private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

    private final int threads;
    private final LoadMode loadMode;
    private final Duration retryAfter;

    ModelLoader(InferenceProperties properties) {
        this.threads = properties.kernelThreads();
        this.loadMode = properties.loadMode();
        this.retryAfter = properties.limits().retryAfter();
    }

    /**
     * @throws ApiProblem 422 when the engine cannot build the model, 503 when memory runs out while it does
     */
    LoadedModel load(ModelSource source, int context) {
        long start = System.nanoTime();
        KernelBackend kernels = new JvmKernelBackend(threads);
        try {
            LoadedModel model = switch (source) {
                case SeededArchitecture random -> random(random, kernels, context);
                case Checkpoint checkpoint when checkpoint.format() == CheckpointFormat.GGUF -> gguf(checkpoint, kernels, context);
                case Checkpoint checkpoint -> safetensors(checkpoint, kernels, context);
            };
            log.info("loaded {} ({} weight bytes, {} KV cache bytes for {} positions, tokenizer: {}) in {} ms", source.id(),
                    model.weightBytes(), model.kvCacheBytes(), context, model.tokenizerOrigin().kind(),
                    (System.nanoTime() - start) / 1_000_000);
            return model;
        } catch (CheckpointException | TokenizerException e) {
            kernels.close();
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "the checkpoint of " + source.id() + " cannot be loaded: "
                    + e.getMessage(), List.of(), "invalid_checkpoint", null);
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

    private LoadedModel random(SeededArchitecture source, KernelBackend kernels, int context) {
        var model = RandomModel.create(source.spec(), source.type(), source.seed(), kernels, context, threads);
        var tokenizer = ModelTokenizer.bytes(source.spec().vocabSize(),
                "an architecture with random weights has no vocabulary; ids 0-255 stand for UTF-8 bytes");
        return new LoadedModel(source, model.transformer(), tokenizer, kernels, model, model.weightBytes());
    }

    private LoadedModel gguf(Checkpoint source, KernelBackend kernels, int context) {
        var model = GgufModel.open(source.path(), loadMode, kernels, context);
        ModelTokenizer tokenizer;
        try {
            tokenizer = new ModelTokenizer(Tokenizer.fromGguf(model.checkpoint().header(), source.path()), "gguf", null);
        } catch (TokenizerException e) {
            tokenizer = ModelTokenizer.bytes(model.transformer().spec().vocabSize(), "the GGUF file has no usable tokenizer: "
                    + e.getMessage());
        }
        return new LoadedModel(source, model.transformer(), tokenizer, kernels, model, model.checkpoint().dataBytes());
    }

    private LoadedModel safetensors(Checkpoint source, KernelBackend kernels, int context) {
        var model = SafetensorsModel.open(source.path(), loadMode, kernels, context);
        Path dir = Files.isDirectory(source.path()) ? source.path() : source.path().getParent();
        ModelTokenizer tokenizer;
        try {
            tokenizer = Files.isRegularFile(dir.resolve("tokenizer.json"))
                    ? new ModelTokenizer(Tokenizer.fromHuggingFace(dir), "huggingface", null)
                    : ModelTokenizer.bytes(model.transformer().spec().vocabSize(), "the checkpoint has no tokenizer.json");
        } catch (TokenizerException e) {
            tokenizer = ModelTokenizer.bytes(model.transformer().spec().vocabSize(), "its tokenizer.json cannot be used: "
                    + e.getMessage());
        }
        return new LoadedModel(source, model.transformer(), tokenizer, kernels, model, model.checkpoint().dataBytes());
    }
}
