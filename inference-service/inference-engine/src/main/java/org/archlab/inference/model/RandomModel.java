package org.archlab.inference.model;

import org.archlab.architecture.analysis.RunMemory;
import org.archlab.architecture.analysis.WeightMemory;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Dtype;
import org.archlab.architecture.validation.SpecValidator;
import org.archlab.inference.cache.KvCacheType;
import org.archlab.inference.kernels.KernelBackend;
import org.archlab.inference.tensor.GgmlType;
import org.archlab.inference.tensor.RandomWeights;
import org.archlab.inference.tensor.StreamableWeights;

import java.lang.management.ManagementFactory;

/** A transformer for any registry spec, with seeded random weights in a chosen format. */
public final class RandomModel implements AutoCloseable {

    private final RandomWeights weights;
    private final Transformer transformer;

    private RandomModel(RandomWeights weights, Transformer transformer) {
        this.weights = weights;
        this.transformer = transformer;
    }

    /** A model whose KV caches are F32. */
    public static RandomModel create(ArchitectureSpec spec, GgmlType type, long seed, KernelBackend kernels, int maxTokens, int threads) {
        return create(spec, type, seed, kernels, maxTokens, KvCacheType.F32, threads, availableMemory());
    }

    /** A model whose KV caches keep keys and values in {@code kvType}. */
    public static RandomModel create(ArchitectureSpec spec, GgmlType type, long seed, KernelBackend kernels, int maxTokens,
                                     KvCacheType kvType, int threads) {
        return create(spec, type, seed, kernels, maxTokens, kvType, threads, availableMemory());
    }

    /**
     * @param memoryLimit bytes the weights and caches may take; a spec that needs more is refused before
     *                    anything is allocated, with the estimate
     */
    public static RandomModel create(ArchitectureSpec spec, GgmlType type, long seed, KernelBackend kernels, int maxTokens,
                                     int threads, long memoryLimit) {
        return create(spec, type, seed, kernels, maxTokens, KvCacheType.F32, threads, memoryLimit);
    }

    private static RandomModel create(ArchitectureSpec spec, GgmlType type, long seed, KernelBackend kernels, int maxTokens,
                                      KvCacheType kvType, int threads, long memoryLimit) {
        SpecValidator.requireValid(spec);
        long estimate = estimatedBytes(spec, type, maxTokens, kvType);
        if (estimate > memoryLimit) {
            throw new ModelTooLargeException(spec.family() + " (" + spec.layers() + " layers, " + type + ")", estimate, memoryLimit);
        }
        RandomWeights weights = RandomWeights.generate(spec, type, seed, threads);
        try {
            // Random weights have no rotation convention to honour; the NeoX layout is the common one.
            return new RandomModel(weights, new Transformer(spec, WeightBinding.load(weights, spec), kernels, maxTokens, kvType, true));
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    /** Weights in the chosen format (vectors stay F32) plus F32 caches for {@code maxTokens}, as the analytics count them. */
    public static long estimatedBytes(ArchitectureSpec spec, GgmlType type, int maxTokens) {
        return estimatedBytes(spec, type, maxTokens, KvCacheType.F32);
    }

    /** Weights in the chosen format plus caches in {@code kvType} for {@code maxTokens}. */
    public static long estimatedBytes(ArchitectureSpec spec, GgmlType type, int maxTokens, KvCacheType kvType) {
        return Math.addExact(estimatedWeightBytes(spec, type), estimatedCacheBytes(spec, maxTokens, kvType));
    }

    /** The weights in the chosen format, exactly as {@link RandomWeights} allocates them. */
    public static long estimatedWeightBytes(ArchitectureSpec spec, GgmlType type) {
        return RunMemory.weightBytes(spec, Dtype.valueOf(type.name()));
    }

    /**
     * The streamable part of {@link #estimatedWeightBytes} (Gemma 3n's per-layer token table, see
     * {@link StreamableWeights}), in the format {@link RandomWeights} stores it in; 0 when the spec has none.
     */
    public static long estimatedStreamableWeightBytes(ArchitectureSpec spec, GgmlType type) {
        return WeightMemory.of(spec, Dtype.valueOf(type.name())).streamableBytes();
    }

    /** F32 KV caches and the recurrent states for {@code maxTokens} positions. */
    public static long estimatedCacheBytes(ArchitectureSpec spec, int maxTokens) {
        return estimatedCacheBytes(spec, maxTokens, KvCacheType.F32);
    }

    /**
     * The KV caches for {@code maxTokens} positions with keys and values in {@code kvType}, and the recurrent states
     * (always F32): exactly what a {@link org.archlab.inference.cache.ContextMemory} of that type allocates.
     */
    public static long estimatedCacheBytes(ArchitectureSpec spec, int maxTokens, KvCacheType kvType) {
        return RunMemory.cacheBytes(spec, maxTokens, kvType.dtype());
    }

    /**
     * Physical memory not yet in use by this process, leaving a quarter for the rest of the machine: what a model built
     * here may take, and what a bench that allocates its caches itself checks its models against.
     */
    public static long availableMemory() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getTotalMemorySize() / 4 * 3 - Runtime.getRuntime().totalMemory();
    }

    public Transformer transformer() {
        return transformer;
    }

    public long weightBytes() {
        return weights.bytes();
    }

    /** Bytes of the generated weights that could be streamed rather than kept resident ({@link StreamableWeights}). */
    public long streamableWeightBytes() {
        return StreamableWeights.bytes(weights, transformer.spec());
    }

    @Override
    public void close() {
        weights.close();
    }
}
