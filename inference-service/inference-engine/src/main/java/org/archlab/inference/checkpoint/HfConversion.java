package org.archlab.inference.checkpoint;

import org.archlab.inference.tensor.Dequantize;
import org.archlab.inference.tensor.GgmlType;
import org.archlab.inference.tensor.WeightTensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * How a tensor stored the Hugging Face way becomes the tensor the engine binds (llama.cpp's
 * conventions). Plain tensors stay views of the file; the few conversions are done once, at load, into
 * off-heap memory. A fused tensor can be loaded in {@code parts} equal slices along its output
 * dimension, of which this loads slice {@code part}.
 */
enum HfConversion {

    /** Same layout: a view of the stored bytes, or of one contiguous slice of them. */
    VIEW {
        @Override
        long[] storedShape(long[] dims, int parts) {
            long[] shape = reversed(dims);
            shape[0] = Math.multiplyExact(shape[0], (long) parts);
            return shape;
        }

        @Override
        WeightTensor load(String name, GgmlType type, long[] dims, MemorySegment stored, int part, int parts, Arena arena) {
            long bytes = stored.byteSize() / parts;
            return new WeightTensor(name, type, dims, stored.asSlice(part * bytes, bytes));
        }
    },

    /**
     * GPT-2's Conv1D keeps its weight as [in, out] and computes x·W; the kernels want one row of inputs
     * per output, so the matrix is transposed (and q, k, v are cut out of the fused c_attn on the way).
     */
    TRANSPOSE {
        @Override
        long[] storedShape(long[] dims, int parts) {
            return new long[]{dims[0], Math.multiplyExact(dims[1], (long) parts)};
        }

        @Override
        WeightTensor load(String name, GgmlType type, long[] dims, MemorySegment stored, int part, int parts, Arena arena) {
            long inputs = dims[0];
            long outputs = dims[1];
            long storedColumns = outputs * parts;
            long size = type.rowBytes(1);
            MemorySegment rows = arena.allocate(inputs * outputs * size, 64);
            // Tiles keep both the strided reads and the strided writes within a few cache lines.
            for (long i0 = 0; i0 < inputs; i0 += TILE) {
                for (long o0 = 0; o0 < outputs; o0 += TILE) {
                    for (long i = i0; i < Math.min(inputs, i0 + TILE); i++) {
                        for (long o = o0; o < Math.min(outputs, o0 + TILE); o++) {
                            long from = (i * storedColumns + part * outputs + o) * size;
                            long to = (o * inputs + i) * size;
                            if (size == 4) {
                                rows.set(INT, to, stored.get(INT, from));
                            } else {
                                rows.set(SHORT, to, stored.get(SHORT, from));
                            }
                        }
                    }
                }
            }
            return new WeightTensor(name, type, dims, rows);
        }
    },

    /**
     * Gemma stores each RMSNorm weight as w and scales by (1 + w); the engine scales by the stored
     * value, as llama.cpp's converter leaves it. The sum is kept in F32, as Gemma computes it.
     */
    ADD_ONE {
        @Override
        long[] storedShape(long[] dims, int parts) {
            return VIEW.storedShape(dims, parts);
        }

        @Override
        WeightTensor load(String name, GgmlType type, long[] dims, MemorySegment stored, int part, int parts, Arena arena) {
            WeightTensor view = VIEW.load(name, type, dims, stored, part, parts, arena);
            int n = Math.toIntExact(view.elements());
            float[] values = new float[n];
            Dequantize.values(type, view.data(), 0, values, 0, n);
            MemorySegment plusOne = arena.allocate(4L * n, 64);
            for (int i = 0; i < n; i++) {
                plusOne.setAtIndex(FLOAT, i, values[i] + 1f);
            }
            return new WeightTensor(name, GgmlType.F32, dims, plusOne);
        }
    };

    private static final int TILE = 32;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;

    /** The shape the stored tensor must have (outermost first) to yield an engine tensor of {@code dims} (ne0 first). */
    abstract long[] storedShape(long[] dims, int parts);

    /** The engine's tensor of {@code dims}, from the stored bytes: a view, or a converted copy in {@code arena}. */
    abstract WeightTensor load(String name, GgmlType type, long[] dims, MemorySegment stored, int part, int parts, Arena arena);

    private static long[] reversed(long[] dims) {
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            shape[i] = dims[dims.length - 1 - i];
        }
        return shape;
    }
}
