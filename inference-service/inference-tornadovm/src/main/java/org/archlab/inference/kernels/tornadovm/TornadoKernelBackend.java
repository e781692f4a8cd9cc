package org.archlab.inference.kernels.tornadovm;

import org.archlab.inference.kernels.AttentionStep;
import org.archlab.inference.kernels.GatedActivation;
import org.archlab.inference.kernels.KernelBackend;
import org.archlab.inference.kernels.RotaryTable;
import org.archlab.inference.model.DenseDecoderLayout;
import org.archlab.inference.model.ResidentDecoder;
import org.archlab.inference.model.ResidentDecoding;
import org.archlab.inference.tensor.WeightTensor;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's kernels on a TornadoVM device (an OpenCL or PTX GPU, or an OpenCL CPU such as PoCL). Each weight
 * matrix is uploaded on its first use and stays on the device; a product then moves only its input vector in and
 * its output out. Everything the contract hands over as host arrays (activations, norm weights, the KV cache)
 * crosses per call. Dense models that fit {@link DenseDecoderLayout} skip the contract altogether: the transformer
 * asks for a {@link DeviceDecoder} and runs whole forward steps on the device.
 *
 * <p>Not thread-safe, like the model that owns it: one backend per loaded model.
 */
public final class TornadoKernelBackend implements KernelBackend, ResidentDecoding {

    /** {@code -Darchlab.tornadovm.resident=false} keeps every model on the kernel-by-kernel path (to compare the two). */
    private static final boolean RESIDENT = !"false".equalsIgnoreCase(System.getProperty("archlab.tornadovm.resident"));
    private static final System.Logger LOG = System.getLogger(TornadoKernelBackend.class.getName());
    /** TornadoVM's switch for running a kernel that does not compile for the device as plain Java instead. */
    static final String BAILOUT_PROPERTY = "tornado.recover.bailout";

    private final TornadoDevices.Entry device;
    /** Keyed by where the weights live and how many bytes: expert views of a stacked tensor are distinct keys. */
    private final Map<WeightKey, WeightPlan> weights = new HashMap<>();
    private final VectorPlans vectors;
    private AttentionPlan attention;
    private DeviceDecoder decoder;
    /** The last layout the decoder could not take, so it is not stacked again for every sequence. */
    private DenseDecoderLayout refused;
    private float[] cosSin = new float[0];

    private record WeightKey(long address, long bytes) {
    }

    TornadoKernelBackend(TornadoDevices.Entry device) {
        this.device = device;
        this.vectors = new VectorPlans(device.device());
    }

    @Override
    public String name() {
        return "tornadovm";
    }

    @Override
    public String device() {
        return label(device.name());
    }

    /** A device's name, marked when TornadoVM may run some kernels as plain Java (its fallback was turned back on). */
    static String label(String deviceName) {
        boolean fallback = !"false".equalsIgnoreCase(System.getProperty(BAILOUT_PROPERTY));
        return fallback ? deviceName + " (Java fallback allowed)" : deviceName;
    }

    /** Weight matrices now resident on the device. */
    public int residentWeights() {
        return weights.size();
    }

    @Override
    public void matvec(WeightTensor w, int firstRow, int rows, float[] x, int xOffset, float[] out, int outOffset) {
        plan(w).multiply(firstRow, rows, x, xOffset, out, outOffset);
    }

    /** One product per token: the device plan is shaped for a single vector. */
    @Override
    public void matmul(WeightTensor w, float[] x, int xStride, int tokens, float[] out, int outStride) {
        WeightPlan plan = plan(w);
        for (int t = 0; t < tokens; t++) {
            plan.multiply(0, w.rows(), x, t * xStride, out, t * outStride);
        }
    }

    private WeightPlan plan(WeightTensor w) {
        var key = new WeightKey(w.data().address(), w.data().byteSize());
        WeightPlan plan = weights.get(key);
        if (plan == null) {
            plan = new WeightPlan(w, device.device());
            weights.put(key, plan);
        }
        return plan;
    }

    /**
     * One decoder at a time: a layout for other weights or another context length replaces it (a model measured at
     * several context lengths rebuilds the device cache each time, never holds two).
     */
    @Override
    public Optional<ResidentDecoder> residentDecoder(DenseDecoderLayout layout) {
        if (!RESIDENT || layout == refused) {
            return Optional.empty();
        }
        if (decoder != null && decoder.serves(layout)) {
            return Optional.of(decoder);
        }
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
        try {
            decoder = new DeviceDecoder(layout, device.device());
            return Optional.of(decoder);
        } catch (IllegalArgumentException e) {
            refused = layout;
            LOG.log(System.Logger.Level.INFO, "decoding kernel by kernel: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Whether whole decode steps run on the device now (else kernel by kernel). */
    public boolean decodesResident() {
        return decoder != null;
    }

    @Override
    public void rmsNorm(float[] x, int offset, int size, float[] weight, float eps) {
        vectors.rmsNorm(x, offset, size, weight, eps);
    }

    @Override
    public void layerNorm(float[] x, int offset, int size, float[] weight, float[] bias, float eps) {
        vectors.layerNorm(x, offset, size, weight, bias, eps);
    }

    @Override
    public void rope(float[] v, int offset, int heads, int headDim, RotaryTable table, int position) {
        int pairs = table.rotaryDims() / 2;
        if (cosSin.length < 2 * pairs) {
            cosSin = new float[2 * pairs];
        }
        RopeAngles.write(table, position, cosSin, 0);
        vectors.rope(v, offset, heads, headDim, cosSin, pairs, table.neox());
    }

    @Override
    public void attention(AttentionStep step) {
        attention = AttentionPlan.fit(attention, step, device.device());
        attention.run(step);
    }

    @Override
    public void gatedActivation(GatedActivation activation, float[] gate, float[] up, int n) {
        int kind = DeviceKernels.kind(activation);
        vectors.activation(kind, gate, up, n);
    }

    @Override
    public void gelu(float[] x, int n) {
        vectors.activation(DeviceKernels.GELU_ONLY, x, null, n);
    }

    @Override
    public void close() {
        weights.values().forEach(WeightPlan::close);
        weights.clear();
        vectors.close();
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
        if (attention != null) {
            attention.close();
            attention = null;
        }
    }
}
