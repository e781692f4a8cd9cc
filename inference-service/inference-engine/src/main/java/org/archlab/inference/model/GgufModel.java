package org.archlab.inference.model;

import org.archlab.architecture.gguf.GgufSpecImporter;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.inference.cache.KvCacheType;
import org.archlab.inference.checkpoint.GgufCheckpoint;
import org.archlab.inference.checkpoint.LoadMode;
import org.archlab.inference.kernels.KernelBackend;

import java.nio.file.Path;
import java.util.Set;

/** A transformer built from a GGUF checkpoint: the spec from its header, the weights from its data. */
public final class GgufModel implements AutoCloseable {

    /** llama.cpp rotates adjacent pairs for these architectures (their converters permute q/k); halves for the rest. */
    private static final Set<String> ADJACENT_PAIR_ROPE = Set.of("llama", "smollm3", "llama4", "deepseek2", "mistral");

    private final GgufCheckpoint checkpoint;
    private final Transformer transformer;

    private GgufModel(GgufCheckpoint checkpoint, Transformer transformer) {
        this.checkpoint = checkpoint;
        this.transformer = transformer;
    }

    /** A model whose KV caches are F32. */
    public static GgufModel open(Path file, LoadMode mode, KernelBackend kernels, int maxTokens) {
        return open(file, mode, kernels, maxTokens, KvCacheType.F32);
    }

    /** @param kvType the format the KV caches keep keys and values in */
    public static GgufModel open(Path file, LoadMode mode, KernelBackend kernels, int maxTokens, KvCacheType kvType) {
        GgufCheckpoint checkpoint = GgufCheckpoint.open(file, mode);
        try {
            ArchitectureSpec spec = GgufSpecImporter.importHeader(checkpoint.header());
            boolean neox = !ADJACENT_PAIR_ROPE.contains(checkpoint.header().architecture());
            var weights = WeightBinding.load(checkpoint, spec);
            return new GgufModel(checkpoint, new Transformer(spec, weights, kernels, maxTokens, kvType, neox));
        } catch (RuntimeException e) {
            checkpoint.close();
            throw e;
        }
    }

    public Transformer transformer() {
        return transformer;
    }

    public GgufCheckpoint checkpoint() {
        return checkpoint;
    }

    @Override
    public void close() {
        checkpoint.close();
    }
}
