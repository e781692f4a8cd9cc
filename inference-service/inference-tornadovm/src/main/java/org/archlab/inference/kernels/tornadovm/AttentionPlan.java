package org.archlab.inference.kernels.tornadovm;

import org.archlab.inference.cache.LayerCache;
import org.archlab.inference.kernels.AttentionStep;
import org.archlab.inference.kernels.tornadovm.KernelParams.Attention;
import org.archlab.inference.kernels.tornadovm.KernelParams.AttentionScalars;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Attention of one query over a layer's cache on the device. The engine keeps its KV caches on the host (the
 * {@code KernelBackend} contract passes them as arrays), so each step sends the layer's cache over with the
 * query; the plan is sized for the largest cache and head count seen and re-planned only when one grows.
 */
final class AttentionPlan implements AutoCloseable {

    private final int heads;
    private final int queryCapacity;
    private final int cacheCapacity;
    private final int positions;
    private final int outCapacity;
    private final FloatArray query;
    private final FloatArray keys;
    private final FloatArray values;
    private final FloatArray sinks;
    private final FloatArray scores;
    private final FloatArray out;
    private final IntArray p = KernelParams.of(Attention.SIZE);
    private final FloatArray f = new FloatArray(AttentionScalars.SIZE);
    /** The kernel's step keys and values, never read here: the engine has stored the query's position already. */
    private final FloatArray noStepKeys = new FloatArray(1);
    private final FloatArray noStepValues = new FloatArray(1);
    private final DevicePlan plan;

    private AttentionPlan(int heads, int queryCapacity, int cacheCapacity, int positions, int outCapacity, TornadoDevice device) {
        this.heads = heads;
        this.queryCapacity = queryCapacity;
        this.cacheCapacity = cacheCapacity;
        this.positions = positions;
        this.outCapacity = outCapacity;
        query = new FloatArray(queryCapacity);
        keys = new FloatArray(cacheCapacity);
        values = new FloatArray(cacheCapacity);
        sinks = new FloatArray(heads);
        scores = new FloatArray(heads * positions);
        out = new FloatArray(outCapacity);
        var graph = new TaskGraph(DevicePlan.graphName("attention"))
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, noStepKeys, noStepValues)
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, query, keys, values, sinks, p, f)
                .task(DevicePlan.TASK, DeviceKernels::attention, new KernelContext(), query, keys, values, noStepKeys, noStepValues,
                        sinks, scores, out, p, f)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        plan = DevicePlan.of(graph, device, heads * DeviceKernels.HEAD_GROUP, DeviceKernels.HEAD_GROUP);
    }

    /** This plan if it fits the step, else a new one at least twice as large where it fell short. */
    static AttentionPlan fit(AttentionPlan current, AttentionStep s, TornadoDevice device) {
        LayerCache cache = s.cache();
        int queryFloats = s.heads() * cache.headDim();
        int cacheFloats = Math.max(cache.keys().length, cache.values().length);
        int outFloats = s.heads() * cache.valueDim();
        if (current != null && current.heads >= s.heads() && current.queryCapacity >= queryFloats
                && current.cacheCapacity >= cacheFloats && current.positions >= cache.capacity() && current.outCapacity >= outFloats) {
            return current;
        }
        int heads = s.heads();
        int positions = cache.capacity();
        if (current != null) {
            current.close();
            heads = Math.max(heads, current.heads);
            positions = Math.max(positions, current.positions);
            queryFloats = Math.max(queryFloats, current.queryCapacity);
            cacheFloats = Math.max(cacheFloats, 2 * current.cacheCapacity);
            outFloats = Math.max(outFloats, current.outCapacity);
        }
        return new AttentionPlan(heads, queryFloats, cacheFloats, positions, outFloats, device);
    }

    void run(AttentionStep s) {
        LayerCache cache = s.cache();
        int first = s.firstAttended();
        int queryFloats = s.heads() * cache.headDim();
        copyIn(s.query(), query, queryFloats);
        copyIn(cache.keys(), keys, cache.keys().length);
        copyIn(cache.values(), values, cache.values().length);
        if (s.sinks() != null) {
            copyIn(s.sinks(), sinks, s.heads());
        }
        p.set(Attention.HEADS, s.heads());
        p.set(Attention.KV_HEADS, cache.kvHeads());
        p.set(Attention.HEAD_DIM, cache.headDim());
        p.set(Attention.VALUE_DIM, cache.valueDim());
        p.set(Attention.FIRST, first);
        p.set(Attention.COUNT, s.position() - first + 1);
        p.set(Attention.CAPACITY, cache.capacity());
        p.set(Attention.VALUE_STRIDE, cache.valueStride());
        p.set(Attention.HAS_SINKS, s.sinks() == null ? 0 : 1);
        p.set(Attention.TOKENS, 1);
        // every attended position is in the cache (a window or chunk is already in first)
        p.set(Attention.STEP_START, s.position() + 1);
        f.set(AttentionScalars.SCALE, s.scale());
        f.set(AttentionScalars.SOFTCAP, s.softcap());
        plan.execute();
        MemorySegment.copy(out.getSegment(), ValueLayout.JAVA_FLOAT, 0, s.out(), 0, s.heads() * cache.valueDim());
    }

    private static void copyIn(float[] from, FloatArray to, int n) {
        MemorySegment.copy(from, 0, to.getSegment(), ValueLayout.JAVA_FLOAT, 0, n);
    }

    @Override
    public void close() {
        plan.close();
    }
}
