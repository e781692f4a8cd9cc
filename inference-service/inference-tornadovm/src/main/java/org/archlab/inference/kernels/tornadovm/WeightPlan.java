package org.archlab.inference.kernels.tornadovm;

import org.archlab.inference.tensor.WeightTensor;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * One weight matrix resident on the device with its matrix-vector kernel: the weights cross to the device on the
 * first execution only; each product moves one input vector in and the requested rows out.
 */
final class WeightPlan implements AutoCloseable {

    private final int rows;
    private final int columns;
    private final FloatArray x;
    private final FloatArray out;
    private final IntArray params = KernelParams.of(KernelParams.Product.SIZE);
    private final DevicePlan plan;

    WeightPlan(WeightTensor w, TornadoDevice device) {
        this.rows = w.rows();
        this.columns = w.columns();
        this.x = new FloatArray(columns);
        this.out = new FloatArray(rows);
        params.set(KernelParams.Product.TOKENS, 1);
        StackedMatrix weights = StackedMatrix.of(w.name(), List.of(w), HalfTables.SHARED);
        var graph = new TaskGraph(DevicePlan.graphName("matvec"))
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, weights.uploads())
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, x, params);
        weights.addProduct(graph, DevicePlan.TASK, x, out, params);
        graph.transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        this.plan = DevicePlan.of(graph, device, DevicePlan.groups(rows, DevicePlan.rowGroup(device)), DevicePlan.rowGroup(device));
    }

    /** out[outOffset + r] = row (firstRow + r) · x[xOffset …] for r < count. */
    void multiply(int firstRow, int count, float[] input, int xOffset, float[] output, int outOffset) {
        if (firstRow < 0 || count < 0 || firstRow + count > rows) {
            throw new IndexOutOfBoundsException("rows " + firstRow + "+" + count + " of " + rows);
        }
        MemorySegment.copy(input, xOffset, x.getSegment(), ValueLayout.JAVA_FLOAT, 0, columns);
        params.set(KernelParams.Product.FIRST_ROW, firstRow);
        params.set(KernelParams.Product.ROWS, count);
        params.set(KernelParams.Product.COLUMNS, columns);
        plan.execute();
        MemorySegment.copy(out.getSegment(), ValueLayout.JAVA_FLOAT, 0, output, outOffset, count);
    }

    @Override
    public void close() {
        plan.close();
    }
}
