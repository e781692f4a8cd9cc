package org.archlab.architecture.gguf;

import org.archlab.architecture.analysis.TensorShape;

import java.util.Arrays;

/**
 * A tensor as the GGUF header describes it.
 *
 * @param name   tensor name, e.g. {@code blk.0.attn_q.weight}
 * @param dims   dimensions, ne0 (contiguous) first
 * @param typeId the ggml type id (0 F32, 1 F16, 2 Q4_0, 8 Q8_0, 30 BF16, …)
 * @param offset byte offset of the data, relative to the start of the data section
 */
public record GgufTensorInfo(String name, long[] dims, int typeId, long offset) {

    public GgufTensorInfo {
        dims = dims.clone();
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    public long elements() {
        return TensorShape.elements(dims);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufTensorInfo t && name.equals(t.name) && Arrays.equals(dims, t.dims)
                && typeId == t.typeId && offset == t.offset;
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name + Arrays.toString(dims) + " type " + typeId;
    }
}
