package org.archlab.architecture.analysis;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Dtype;

import java.util.List;

/**
 * Bytes the weights take in a dtype, laid out as GGUF files and the engine lay them out: matrices in
 * the dtype (Q8_0/Q4_0 in blocks of 32 along each row, padded to whole blocks), vectors (norms, biases)
 * in F32 whatever the dtype. Multi-token-prediction modules are not included.
 *
 * @param dtype           the weight dtype
 * @param bytes           bytes of the main model's weights
 * @param residentBytes   of those, the bytes that must sit in accelerator memory
 * @param streamableBytes of those, a per-layer token table's bytes (Gemma 3n's PLE), which can stay in host
 *                        memory or on disk because each token reads one row; 0 for models without one
 */
public record WeightMemory(Dtype dtype, long bytes, long residentBytes, long streamableBytes) {

    public static WeightMemory of(ArchitectureSpec spec, Dtype dtype) {
        return of(TensorLayout.of(spec), dtype);
    }

    static WeightMemory of(List<TensorShape> tensors, Dtype dtype) {
        long bytes = 0;
        long streamable = 0;
        for (TensorShape t : tensors) {
            if (t.component() != Component.MTP) {
                long n = tensorBytes(t, dtype);
                bytes = Math.addExact(bytes, n);
                if (t.component().streamable()) {
                    streamable += n;
                }
            }
        }
        return new WeightMemory(dtype, bytes, bytes - streamable, streamable);
    }

    /** Bytes of one tensor stored in a dtype under the rule above. */
    public static long tensorBytes(TensorShape t, Dtype dtype) {
        return Math.multiplyExact(storage(t, dtype).rowBytes(t.dims()[0]), t.rows());
    }

    /**
     * The dtype a tensor is stored in when a model is in {@code dtype}: matrices in it, vectors in F32,
     * and so are matrices whose rows do not fill whole quantisation blocks (Qwen3-Next's 4-tap
     * convolution kernels), as llama.cpp's quantiser leaves them.
     */
    public static Dtype storage(TensorShape t, Dtype dtype) {
        if (!t.isMatrix() || t.dims()[0] % dtype.blockElements() != 0) {
            return Dtype.F32;
        }
        return dtype;
    }
}
