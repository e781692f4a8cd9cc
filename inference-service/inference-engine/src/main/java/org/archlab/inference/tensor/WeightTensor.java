package org.archlab.inference.tensor;

import org.archlab.architecture.analysis.TensorShape;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A weight tensor in off-heap memory (a file mapping or an arena), in its storage format. A matrix is
 * {@code rows()} rows of {@code columns()} values (ggml's ne1 × ne0); 3-D expert tensors stack such
 * matrices along ne2.
 *
 * @param name tensor name
 * @param type storage format
 * @param dims dimensions, ne0 first
 * @param data the bytes, exactly {@link #byteSize()} long
 */
public record WeightTensor(String name, GgmlType type, long[] dims, MemorySegment data) {

    public WeightTensor {
        dims = dims.clone();
    }

    public int columns() {
        return Math.toIntExact(dims[0]);
    }

    public int rows() {
        return Math.toIntExact(elements() / dims[0]);
    }

    public long elements() {
        return TensorShape.elements(dims);
    }

    public long rowBytes() {
        return type.rowBytes(dims[0]);
    }

    public long byteSize() {
        return Math.multiplyExact(rowBytes(), elements() / dims[0]);
    }

    /**
     * Rows {@code [firstRow, firstRow + rows)} as a matrix of their own, sharing this tensor's memory: one
     * expert of a stacked expert tensor, for example.
     */
    public WeightTensor rows(int firstRow, int rows) {
        if (firstRow < 0 || rows < 0 || firstRow + rows > rows()) {
            throw new IndexOutOfBoundsException("rows " + firstRow + ".." + (firstRow + rows) + " of " + this);
        }
        return new WeightTensor(name + "[" + firstRow + ".." + (firstRow + rows) + "]", type, new long[]{dims[0], rows},
                data.asSlice(firstRow * rowBytes(), rows * rowBytes()));
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    @Override
    public String toString() {
        return name + Arrays.toString(dims) + " " + type;
    }
}
