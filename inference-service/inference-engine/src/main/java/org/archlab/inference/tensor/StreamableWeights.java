package org.archlab.inference.tensor;

/**
 * The weights a model need not keep resident on its accelerator: Gemma 3n's per-layer token table, of which
 * each token reads one row, so it can stay in host memory (or on disk) and be streamed. Counted from the
 * weights as loaded — the table's bytes in the model's weight source, in whatever format it is stored — so
 * a run reports what it actually held, not what the analytics expect.
 */
public final class StreamableWeights {

    /** The per-layer token table, by its llama.cpp name. */
    public static final String PER_LAYER_TOKEN_TABLE = "per_layer_token_embd.weight";

    private StreamableWeights() {
    }

    /** Bytes of the streamable tensors among {@code weights}; 0 for a model that has none. */
    public static long bytes(TensorSource weights) {
        return weights.find(PER_LAYER_TOKEN_TABLE).map(WeightTensor::byteSize).orElse(0L);
    }
}
