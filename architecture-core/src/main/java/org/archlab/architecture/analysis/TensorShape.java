package org.archlab.architecture.analysis;

import java.util.Arrays;

/**
 * One weight tensor of a model: its GGUF name, its dimensions in GGUF order (ne0, the contiguous one,
 * first), what it belongs to, and whether it holds routed experts (of which a token uses only top-k).
 */
public record TensorShape(String name, long[] dims, Component component, boolean routedExperts) {

    public TensorShape {
        dims = dims.clone();
    }

    public long elements() {
        return elements(dims);
    }

    /** The product of dimensions, failing rather than overflowing; shared by every tensor description. */
    public static long elements(long[] dims) {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Rows of ne0 values, the unit in which quantized formats are laid out. */
    public long rows() {
        return elements() / dims[0];
    }

    public boolean isMatrix() {
        return dims.length >= 2;
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorShape t && name.equals(t.name) && Arrays.equals(dims, t.dims)
                && component == t.component && routedExperts == t.routedExperts;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(dims);
    }
}
