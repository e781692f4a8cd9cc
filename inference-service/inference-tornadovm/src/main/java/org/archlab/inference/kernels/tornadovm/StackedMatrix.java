package org.archlab.inference.kernels.tornadovm;

import org.archlab.inference.tensor.GgmlType;
import org.archlab.inference.tensor.WeightTensor;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.types.arrays.ByteArray;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * One weight matrix of every layer, stacked in one device array (layer l's rows from l · rows), so one compiled
 * kernel serves all layers: the layer is chosen by the first row its parameters name.
 */
final class StackedMatrix {

    final GgmlType type;
    final int rows;
    final int columns;
    /** A {@link FloatArray} for F32, the raw blocks as a {@link ByteArray} otherwise. */
    final Object data;
    private final FloatArray table;

    private StackedMatrix(GgmlType type, int rows, int columns, Object data, FloatArray table) {
        this.type = type;
        this.rows = rows;
        this.columns = columns;
        this.data = data;
        this.table = table;
    }

    /**
     * @throws IllegalArgumentException when the layers differ in format or shape, or the stack passes 2 GiB (device
     *                                  arrays are int-indexed)
     */
    /** @param tables decode 16-bit values; one instance per task graph */
    static StackedMatrix of(String what, List<WeightTensor> layers, HalfTables tables) {
        WeightTensor first = layers.getFirst();
        for (WeightTensor w : layers) {
            if (w.type() != first.type() || w.rows() != first.rows() || w.columns() != first.columns()) {
                throw new IllegalArgumentException(what + " differs between layers (" + first + " vs " + w + ")");
            }
        }
        long bytes = first.byteSize() * layers.size();
        long limit = first.type() == GgmlType.F32 ? 4L * Integer.MAX_VALUE : Integer.MAX_VALUE;
        if (bytes > limit) {
            throw new IllegalArgumentException(what + " of all layers is " + bytes + " bytes; a device array holds 2^31 elements");
        }
        MemorySegment stacked;
        Object data;
        if (first.type() == GgmlType.F32) {
            var array = new FloatArray(Math.toIntExact(bytes / 4));
            stacked = array.getSegment();
            data = array;
        } else {
            var array = new ByteArray(Math.toIntExact(bytes));
            stacked = array.getSegment();
            data = array;
        }
        for (int l = 0; l < layers.size(); l++) {
            MemorySegment.copy(layers.get(l).data(), 0, stacked, l * first.byteSize(), first.byteSize());
        }
        return new StackedMatrix(first.type(), first.rows(), first.columns(), data, tables.decoding(first.type()));
    }

    /** Adds out[r] = row (p[0] + r) · x for r < p[1] as task {@code name}. */
    void addProduct(TaskGraph graph, String name, FloatArray x, FloatArray out, IntArray p) {
        var context = new KernelContext();
        switch (type) {
            case F32 -> graph.task(name, DeviceKernels::matvecF32, context, (FloatArray) data, x, out, p);
            case Q8_0 -> graph.task(name, DeviceKernels::matvecQ8, context, (ByteArray) data, table, x, out, p);
            case Q4_0 -> graph.task(name, DeviceKernels::matvecQ4, context, (ByteArray) data, table, x, out, p);
            case F16, BF16 -> graph.task(name, DeviceKernels::matvecHalf, context, (ByteArray) data, table, x, out, p);
        }
    }

    /** The arrays to send on the first execution. */
    Object[] uploads() {
        return type == GgmlType.F32 ? new Object[]{data} : new Object[]{data, table};
    }
}
