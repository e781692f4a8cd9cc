package org.archlab.inference.model;

import org.archlab.inference.cache.KvCacheType;
import org.archlab.inference.checkpoint.LoadMode;
import org.archlab.inference.checkpoint.SafetensorsCheckpoint;
import org.archlab.inference.kernels.KernelBackend;

import java.nio.file.Path;

/** A transformer built from a Hugging Face checkpoint: the spec from its config.json, the weights from its safetensors. */
public final class SafetensorsModel implements AutoCloseable {

    /**
     * Hugging Face keeps q and k rows in the order its rotate_half expects — halves — for every family;
     * only llama.cpp's converter permutes them into adjacent pairs.
     */
    private static final boolean NEOX_ROPE = true;

    private final SafetensorsCheckpoint checkpoint;
    private final Transformer transformer;

    private SafetensorsModel(SafetensorsCheckpoint checkpoint, Transformer transformer) {
        this.checkpoint = checkpoint;
        this.transformer = transformer;
    }

    /** @param path a checkpoint directory, or a {@code .safetensors} file or index with config.json beside it */
    public static SafetensorsModel open(Path path, LoadMode mode, KernelBackend kernels, int maxTokens) {
        return open(path, mode, kernels, maxTokens, KvCacheType.F32);
    }

    /** Like {@link #open(Path, LoadMode, KernelBackend, int)}, with KV caches in {@code kvType}. */
    public static SafetensorsModel open(Path path, LoadMode mode, KernelBackend kernels, int maxTokens, KvCacheType kvType) {
        SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint.open(path, mode);
        try {
            var weights = WeightBinding.load(checkpoint, checkpoint.spec());
            return new SafetensorsModel(checkpoint, new Transformer(checkpoint.spec(), weights, kernels, maxTokens, kvType, NEOX_ROPE));
        } catch (RuntimeException e) {
            checkpoint.close();
            throw e;
        }
    }

    public Transformer transformer() {
        return transformer;
    }

    public SafetensorsCheckpoint checkpoint() {
        return checkpoint;
    }

    @Override
    public void close() {
        checkpoint.close();
    }
}
