package org.archlab.inference.tensor;

import org.archlab.architecture.analysis.TensorLayout;
import org.archlab.architecture.analysis.TensorShape;
import org.archlab.architecture.spec.ArchitectureSpec;

import java.util.List;

/**
 * The weights a model need not keep resident on its accelerator — those of a streamable component in
 * {@link TensorLayout} (Gemma 3n's per-layer token table, of which each token reads one row, so it can stay in
 * host memory or on disk and be streamed). Counted from the weights as loaded — the tensors' bytes in the
 * model's weight source, in whatever format they are stored — so a run reports what it actually held, not
 * what the analytics expect.
 */
public final class StreamableWeights {

    private StreamableWeights() {
    }

    /** The streamable tensors of the spec, by their llama.cpp names; empty for most models. */
    public static List<TensorShape> of(ArchitectureSpec spec) {
        return TensorLayout.of(spec).stream().filter(t -> t.component().streamable()).toList();
    }

    /** Bytes of the spec's streamable tensors among {@code weights}; 0 for a model that has none. */
    public static long bytes(TensorSource weights, ArchitectureSpec spec) {
        return of(spec).stream().mapToLong(t -> weights.find(t.name()).map(WeightTensor::byteSize).orElse(0L)).sum();
    }
}
