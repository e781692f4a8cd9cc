package org.archlab.inference.kernels.tornadovm;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.IntFunction;

/**
 * The kernels without weights of their own (norms, RoPE, activations), each planned once for a capacity and
 * planned again, twice as large, only when a longer vector comes: a model uses a handful of sizes, so each
 * kernel is compiled once or twice per backend.
 */
final class VectorPlans implements AutoCloseable {

    private static final int ELEMENT_GROUP = 64;

    private final TornadoDevice device;
    private Norms norms;
    private Rope rope;
    private Activation activation;

    VectorPlans(TornadoDevice device) {
        this.device = device;
    }

    void rmsNorm(float[] x, int offset, int size, float[] weight, float eps) {
        norms = fit(norms, size, capacity -> Norms.plan(capacity, device));
        norms.run(false, x, offset, size, weight, null, eps);
    }

    void layerNorm(float[] x, int offset, int size, float[] weight, float[] bias, float eps) {
        norms = fit(norms, size, capacity -> Norms.plan(capacity, device));
        norms.run(true, x, offset, size, weight, bias, eps);
    }

    void rope(float[] v, int offset, int heads, int headDim, float[] cosSin, int pairs, boolean neox) {
        rope = fit(rope, heads * headDim, capacity -> Rope.plan(capacity, device));
        rope.run(v, offset, heads, headDim, cosSin, pairs, neox);
    }

    void activation(int kind, float[] gate, float[] up, int n) {
        activation = fit(activation, n, capacity -> Activation.plan(capacity, device));
        activation.run(kind, gate, up, n);
    }

    @Override
    public void close() {
        for (Sized plan : new Sized[]{norms, rope, activation}) {
            if (plan != null) {
                plan.close();
            }
        }
    }

    /** The current plan if it holds {@code needed} values, else a new one, twice as large at least, in its place. */
    private static <T extends Sized> T fit(T current, int needed, IntFunction<T> planFor) {
        if (current != null && current.capacity() >= needed) {
            return current;
        }
        int capacity = Math.max(needed, current == null ? 0 : 2 * current.capacity());
        if (current != null) {
            current.close();
        }
        return planFor.apply(capacity);
    }

    interface Sized extends AutoCloseable {
        int capacity();

        @Override
        void close();
    }

    private static void copyIn(float[] from, int offset, FloatArray to, int n) {
        MemorySegment.copy(from, offset, to.getSegment(), ValueLayout.JAVA_FLOAT, 0, n);
    }

    private static void copyOut(FloatArray from, float[] to, int offset, int n) {
        MemorySegment.copy(from.getSegment(), ValueLayout.JAVA_FLOAT, 0, to, offset, n);
    }

    /** RMSNorm and LayerNorm, one work-group each. */
    private record Norms(int capacity, FloatArray x, FloatArray weight, FloatArray bias, IntArray p, FloatArray f,
                         DevicePlan rms, DevicePlan layer) implements Sized {

        static Norms plan(int capacity, TornadoDevice device) {
            var x = new FloatArray(capacity);
            var weight = new FloatArray(capacity);
            var bias = new FloatArray(capacity);
            var p = KernelParams.of(KernelParams.VectorNorm.SIZE);
            var f = new FloatArray(KernelParams.NormScalars.SIZE);
            var rmsGraph = new TaskGraph(DevicePlan.graphName("rmsnorm"))
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, x, weight, p, f)
                    .task(DevicePlan.TASK, DeviceKernels::rmsNorm, new KernelContext(), x, weight, p, f)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, x);
            var layerGraph = new TaskGraph(DevicePlan.graphName("layernorm"))
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, x, weight, bias, p, f)
                    .task(DevicePlan.TASK, DeviceKernels::layerNorm, new KernelContext(), x, weight, bias, p, f)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, x);
            return new Norms(capacity, x, weight, bias, p, f,
                    DevicePlan.of(rmsGraph, device, DeviceKernels.NORM_GROUP, DeviceKernels.NORM_GROUP),
                    DevicePlan.of(layerGraph, device, DeviceKernels.NORM_GROUP, DeviceKernels.NORM_GROUP));
        }

        void run(boolean layerNorm, float[] v, int offset, int size, float[] w, float[] b, float eps) {
            copyIn(v, offset, x, size);
            if (w != null) {
                copyIn(w, 0, weight, size);
            }
            if (b != null) {
                copyIn(b, 0, bias, size);
            }
            p.set(KernelParams.VectorNorm.LENGTH, size);
            p.set(KernelParams.VectorNorm.WEIGHTED, w == null ? 0 : 1);
            p.set(KernelParams.VectorNorm.BIASED, b == null ? 0 : 1);
            f.set(KernelParams.NormScalars.EPS, eps);
            (layerNorm ? layer : rms).execute();
            copyOut(x, v, offset, size);
        }

        @Override
        public void close() {
            rms.close();
            layer.close();
        }
    }

    /** RoPE over the heads of one position. */
    private record Rope(int capacity, FloatArray v, FloatArray cosSin, IntArray p, DevicePlan plan) implements Sized {

        static Rope plan(int capacity, TornadoDevice device) {
            var v = new FloatArray(capacity);
            var cosSin = new FloatArray(capacity);
            var p = KernelParams.of(KernelParams.Rope.SIZE);
            var graph = new TaskGraph(DevicePlan.graphName("rope"))
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, v, cosSin, p)
                    .task(DevicePlan.TASK, DeviceKernels::rope, new KernelContext(), v, cosSin, p)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, v);
            int groups = Math.ceilDiv(capacity / 2, ELEMENT_GROUP);
            return new Rope(capacity, v, cosSin, p, DevicePlan.of(graph, device, DevicePlan.groups(groups, ELEMENT_GROUP), ELEMENT_GROUP));
        }

        void run(float[] values, int offset, int heads, int headDim, float[] angles, int pairs, boolean neox) {
            int size = heads * headDim;
            copyIn(values, offset, v, size);
            copyIn(angles, 0, cosSin, 2 * pairs);
            p.set(KernelParams.Rope.HEADS, heads);
            p.set(KernelParams.Rope.HEAD_DIM, headDim);
            p.set(KernelParams.Rope.PAIRS, pairs);
            p.set(KernelParams.Rope.NEOX, neox ? 1 : 0);
            p.set(KernelParams.Rope.HEADS_PER_TOKEN, heads);
            plan.execute();
            copyOut(v, values, offset, size);
        }

        @Override
        public void close() {
            plan.close();
        }
    }

    /** Gated activations and GELU, element by element. */
    private record Activation(int capacity, FloatArray gate, FloatArray up, IntArray p, DevicePlan plan) implements Sized {

        static Activation plan(int capacity, TornadoDevice device) {
            var gate = new FloatArray(capacity);
            var up = new FloatArray(capacity);
            var p = KernelParams.of(KernelParams.Activation.SIZE);
            var graph = new TaskGraph(DevicePlan.graphName("activation"))
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, gate, up, p)
                    .task(DevicePlan.TASK, DeviceKernels::activation, new KernelContext(), gate, up, p)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, gate);
            int groups = Math.ceilDiv(capacity, ELEMENT_GROUP);
            return new Activation(capacity, gate, up, p, DevicePlan.of(graph, device, DevicePlan.groups(groups, ELEMENT_GROUP), ELEMENT_GROUP));
        }

        void run(int kind, float[] g, float[] u, int n) {
            copyIn(g, 0, gate, n);
            if (u != null) {
                copyIn(u, 0, up, n);
            }
            p.set(KernelParams.Activation.LENGTH, n);
            p.set(KernelParams.Activation.KIND, kind);
            plan.execute();
            copyOut(gate, g, 0, n);
        }

        @Override
        public void close() {
            plan.close();
        }
    }
}
