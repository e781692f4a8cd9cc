package org.archlab.inference.model;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.validation.SpecValidator;
import org.archlab.inference.kernels.KernelBackend;
import org.archlab.inference.tensor.GgmlType;
import org.archlab.inference.tensor.RandomWeights;

/** A transformer for any registry spec, with seeded random weights in a chosen format. */
public final class RandomModel implements AutoCloseable {

    private final RandomWeights weights;
    private final Transformer transformer;

    private RandomModel(RandomWeights weights, Transformer transformer) {
        this.weights = weights;
        this.transformer = transformer;
    }

    public static RandomModel create(ArchitectureSpec spec, GgmlType type, long seed, KernelBackend kernels, int maxTokens, int threads) {
        SpecValidator.requireValid(spec);
        RandomWeights weights = RandomWeights.generate(spec, type, seed, threads);
        try {
            // Random weights have no rotation convention to honour; the NeoX layout is the common one.
            return new RandomModel(weights, new Transformer(spec, WeightBinding.load(weights, spec), kernels, maxTokens, true));
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    public Transformer transformer() {
        return transformer;
    }

    public long weightBytes() {
        return weights.bytes();
    }

    @Override
    public void close() {
        weights.close();
    }
}
