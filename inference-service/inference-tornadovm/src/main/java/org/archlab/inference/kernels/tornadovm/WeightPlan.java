package org.archlab.inference.kernels.tornadovm;

import org.archlab.inference.tensor.WeightTensor;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.types.arrays.ByteArray;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One weight matrix resident on the device with its matrix-vector kernel: the weights cross to the device on the
 * first execution only; each product moves one input vector in and the requested rows out.
 */
final class WeightPlan implements AutoCloseable {

    private final int rows;
    private final int columns;
    private final FloatArray x;
    private final FloatArray out;
    private final IntArray params = new IntArray(3);
    private final DevicePlan plan;

    WeightPlan(WeightTensor w, TornadoDevice device) {
        this.rows = w.rows();
        this.columns = w.columns();
        if (w.byteSize() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(w.name() + " is " + w.byteSize() + " bytes; device arrays index up to 2 GiB");
        }
        this.x = new FloatArray(columns);
        this.out = new FloatArray(rows);
        String name = DevicePlan.graphName("matvec");
        var context = new KernelContext();
        var graph = new TaskGraph(name);
        switch (w.type()) {
            case F32 -> {
                FloatArray weights = FloatArray.fromSegment(w.data());
                graph.transferToDevice(DataTransferMode.FIRST_EXECUTION, weights)
                        .transferToDevice(DataTransferMode.EVERY_EXECUTION, x, params)
                        .task(DevicePlan.TASK, DeviceKernels::matvecF32, context, weights, x, out, params);
            }
            case F16, BF16, Q8_0, Q4_0 -> {
                ByteArray weights = ByteArray.fromSegment(w.data());
                FloatArray table = switch (w.type()) {
                    case BF16 -> HalfTables.BF16;
                    default -> HalfTables.F16;
                };
                graph.transferToDevice(DataTransferMode.FIRST_EXECUTION, weights, table)
                        .transferToDevice(DataTransferMode.EVERY_EXECUTION, x, params);
                switch (w.type()) {
                    case Q8_0 -> graph.task(DevicePlan.TASK, DeviceKernels::matvecQ8, context, weights, table, x, out, params);
                    case Q4_0 -> graph.task(DevicePlan.TASK, DeviceKernels::matvecQ4, context, weights, table, x, out, params);
                    default -> graph.task(DevicePlan.TASK, DeviceKernels::matvecHalf, context, weights, table, x, out, params);
                }
            }
        }
        graph.transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        this.plan = DevicePlan.of(graph, device, DevicePlan.groups(rows, DeviceKernels.ROW_GROUP), DeviceKernels.ROW_GROUP);
    }

    /** out[outOffset + r] = row (firstRow + r) · x[xOffset …] for r < count. */
    void multiply(int firstRow, int count, float[] input, int xOffset, float[] output, int outOffset) {
        if (firstRow < 0 || count < 0 || firstRow + count > rows) {
            throw new IndexOutOfBoundsException("rows " + firstRow + "+" + count + " of " + rows);
        }
        MemorySegment.copy(input, xOffset, x.getSegment(), ValueLayout.JAVA_FLOAT, 0, columns);
        params.set(0, firstRow);
        params.set(1, count);
        params.set(2, columns);
        plan.execute();
        MemorySegment.copy(out.getSegment(), ValueLayout.JAVA_FLOAT, 0, output, outOffset, count);
    }

    @Override
    public void close() {
        plan.close();
    }
}
