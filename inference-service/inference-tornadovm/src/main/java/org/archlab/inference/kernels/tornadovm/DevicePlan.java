package org.archlab.inference.kernels.tornadovm;

import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.TornadoDeviceType;
import uk.ac.manchester.tornado.api.exceptions.TornadoExecutionPlanException;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One task graph of one kernel, snapshotted and planned once on a device, then executed as often as needed:
 * what the graph marks {@code FIRST_EXECUTION} (weights) stays on the device, what it marks
 * {@code EVERY_EXECUTION} moves each time.
 */
final class DevicePlan implements AutoCloseable {

    private static final AtomicLong GRAPHS = new AtomicLong();
    static final String TASK = "kernel";

    private final TornadoExecutionPlan plan;

    private DevicePlan(TornadoExecutionPlan plan) {
        this.plan = plan;
    }

    /** A unique graph name: graphs are compiled per plan, and their names key the grid. */
    static String graphName(String kind) {
        return kind + GRAPHS.incrementAndGet();
    }

    /**
     * @param graph       a graph whose one task is named {@link #TASK}
     * @param globalItems work-items in all
     * @param localItems  work-items per work-group
     */
    static DevicePlan of(TaskGraph graph, TornadoDevice device, int globalItems, int localItems) {
        ImmutableTaskGraph immutable = graph.snapshot();
        var grid = new WorkerGrid1D(globalItems);
        grid.setLocalWork(localItems, 1, 1);
        var plan = new TornadoExecutionPlan(immutable).withDevice(device)
                .withGridScheduler(new GridScheduler(graph.getTaskGraphName() + "." + TASK, grid));
        return new DevicePlan(plan);
    }

    void execute() {
        plan.execute();
    }

    @Override
    public void close() {
        release(plan);
    }

    /** Frees a plan's device buffers and closes it. */
    static void release(TornadoExecutionPlan plan) {
        try {
            plan.freeDeviceMemory();
            plan.close();
        } catch (TornadoExecutionPlanException e) {
            throw new IllegalStateException("TornadoVM could not release a plan: " + e.getMessage(), e);
        }
    }

    /**
     * Work-items per row of a matrix-vector product: on a CPU device (PoCL) few, as its work-items are SIMD lanes
     * that share a core (8 measured fastest there, 32 and 128 up to 5x slower); on a GPU a warp's worth, so a
     * row's blocks are read by consecutive threads.
     */
    static int rowGroup(TornadoDevice device) {
        return device.getDeviceType() == TornadoDeviceType.CPU ? 8 : 32;
    }

    /** Global work-items for {@code groups} work-groups of {@code local}. */
    static int groups(int groups, int local) {
        return Math.max(1, groups) * local;
    }
}
