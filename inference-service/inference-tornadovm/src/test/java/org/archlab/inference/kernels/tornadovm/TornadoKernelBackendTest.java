package org.archlab.inference.kernels.tornadovm;

import org.archlab.inference.cache.LayerCache;
import org.archlab.inference.kernels.AttentionStep;
import org.archlab.inference.kernels.BackendSelection;
import org.archlab.inference.kernels.GatedActivation;
import org.archlab.inference.kernels.KernelBackend;
import org.archlab.inference.kernels.KernelBackends;
import org.archlab.inference.kernels.RotaryTable;
import org.archlab.inference.kernels.jvm.JvmKernelBackend;
import org.archlab.inference.tensor.GgmlType;
import org.archlab.inference.tensor.Quantize;
import org.archlab.inference.tensor.WeightTensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every TornadoVM kernel against the JVM backend on the same inputs, sizes chosen not to fit the work-group
 * shapes (rows not a multiple of the row group, vectors longer than one norm group, odd head counts). Runs with
 * {@code -Dtornado.recover.bailout=False}: a kernel the device cannot compile fails here instead of running as Java.
 */
class TornadoKernelBackendTest {

    private static KernelBackend device;
    private static JvmKernelBackend jvm;
    /** Open for the whole class: the backend keys resident weights by address, which a closed arena could hand out again. */
    private static final Arena ARENA = Arena.ofShared();
    private final Random random = new Random(5);

    @BeforeAll
    static void backends() {
        device = KernelBackends.select(BackendSelection.parse("tornadovm")).create(1);
        jvm = new JvmKernelBackend(1);
    }

    @AfterAll
    static void close() {
        device.close();
        jvm.close();
        ARENA.close();
    }

    @Test
    void kernels_that_the_device_cannot_run_fail_instead_of_running_as_java() {
        assertThat(System.getProperty("tornado.recover.bailout")).isEqualToIgnoringCase("false");
    }

    @Test
    void the_backend_names_itself_and_its_device() {
        assertThat(device.name()).isEqualTo("tornadovm");
        assertThat(device.device()).matches("(opencl|ptx|spirv|cuda|metal)/.+");
    }

    @ParameterizedTest
    @EnumSource(GgmlType.class)
    void matrix_vector_products_equal_the_jvm_backend(GgmlType type) {
        int rows = 75;
        int columns = 160;
        WeightTensor w = randomMatrix(type, rows, columns);
        float[] x = gaussian(columns + 3);
        float[] expected = new float[rows + 2];
        float[] actual = new float[rows + 2];
        jvm.matvec(w, 0, rows, x, 3, expected, 2);
        device.matvec(w, 0, rows, x, 3, actual, 2);
        assertClose(actual, expected, 1e-4);

        // a run of rows in the middle, as multi-head latent attention asks for
        float[] part = new float[30];
        float[] partExpected = new float[30];
        jvm.matvec(w, 17, 30, x, 0, partExpected, 0);
        device.matvec(w, 17, 30, x, 0, part, 0);
        assertClose(part, partExpected, 1e-4);
    }

    @Test
    void a_batch_of_tokens_equals_the_jvm_matmul() {
        int rows = 33;
        int columns = 96;
        int tokens = 5;
        WeightTensor w = randomMatrix(GgmlType.Q8_0, rows, columns);
        float[] x = gaussian(tokens * 100);
        float[] expected = new float[tokens * 40];
        float[] actual = new float[tokens * 40];
        jvm.matmul(w, x, 100, tokens, expected, 40);
        device.matmul(w, x, 100, tokens, actual, 40);
        assertClose(actual, expected, 1e-4);
    }

    @Test
    void weights_are_uploaded_once_and_stay_on_the_device() {
        var backend = (TornadoKernelBackend) device;
        WeightTensor w = randomMatrix(GgmlType.F16, 8, 64);
        float[] x = gaussian(64);
        float[] out = new float[8];
        backend.matvec(w, x, out);
        int resident = backend.residentWeights();
        backend.matvec(w, x, out);
        backend.matvec(w, 2, 3, x, 0, out, 0);
        assertThat(backend.residentWeights()).isEqualTo(resident);
        // a view of some rows lives elsewhere in memory: another resident matrix (how MoE experts arrive)
        backend.matvec(w.rows(4, 4), x, new float[4]);
        assertThat(backend.residentWeights()).isEqualTo(resident + 1);
    }

    @ParameterizedTest
    @CsvSource({"7, true", "300, true", "1000, false", "64, false"})
    void norms_equal_the_jvm_backend(int size, boolean weighted) {
        float[] weight = weighted ? gaussian(size) : null;
        float[] x = gaussian(size + 4);
        float[] expected = x.clone();
        jvm.rmsNorm(expected, 4, size, weight, 1e-6f);
        device.rmsNorm(x, 4, size, weight, 1e-6f);
        assertClose(x, expected, 1e-5);

        float[] layerWeight = gaussian(size);
        float[] bias = weighted ? gaussian(size) : null;
        float[] y = gaussian(size);
        float[] layerExpected = y.clone();
        jvm.layerNorm(layerExpected, 0, size, layerWeight, bias, 1e-5f);
        device.layerNorm(y, 0, size, layerWeight, bias, 1e-5f);
        assertClose(y, layerExpected, 1e-5);
    }

    @ParameterizedTest
    @CsvSource({"3, 64, 64, true, 1.0, 7", "5, 40, 40, false, 1.0, 4095", "2, 128, 64, true, 1.2, 30000"})
    void rope_equals_the_jvm_backend(int heads, int headDim, int rotaryDims, boolean neox, float factor, int position) {
        float[] frequencies = new float[rotaryDims / 2];
        for (int i = 0; i < frequencies.length; i++) {
            frequencies[i] = (float) Math.pow(10000, -2.0 * i / rotaryDims);
        }
        var table = new RotaryTable(frequencies, rotaryDims, neox, factor);
        float[] v = gaussian(heads * headDim + 6);
        float[] expected = v.clone();
        jvm.rope(expected, 6, heads, headDim, table, position);
        device.rope(v, 6, heads, headDim, table, position);
        assertClose(v, expected, 1e-5);
    }

    @ParameterizedTest
    @EnumSource(GatedActivation.class)
    void gated_activations_equal_the_jvm_backend(GatedActivation activation) {
        int n = 1001;
        float[] gate = gaussian(n);
        float[] up = gaussian(n);
        for (int i = 0; i < 20; i++) {
            gate[i] *= 6; // past gpt-oss's clamp
        }
        float[] expected = gate.clone();
        jvm.gatedActivation(activation, expected, up, n);
        device.gatedActivation(activation, gate, up, n);
        assertClose(gate, expected, 1e-5);

        float[] x = gaussian(130);
        float[] geluExpected = x.clone();
        jvm.gelu(geluExpected, 130);
        device.gelu(x, 130);
        assertClose(x, geluExpected, 1e-5);
    }

    @ParameterizedTest(name = "heads={0}/{1} dims={2}/{3} position={4} window={5} chunk={6} softcap={7} sinks={8}")
    @CsvSource({
            "6, 3, 40, 24, 36, 0, 0, 0, false",
            "12, 1, 19, 19, 150, 0, 0, 0, false",
            "8, 8, 64, 64, 70, 17, 0, 0, true",
            "10, 5, 33, 33, 40, 0, 16, 0, false",
            "4, 2, 24, 24, 29, 0, 0, 30, true"})
    void attention_equals_the_jvm_backend(int heads, int kvHeads, int headDim, int valueDim, int position, int window,
                                          int chunk, float softcap, boolean withSinks) {
        // a sliding layer's cache is a ring of its window: positions past it wrap around
        int capacity = window > 0 ? window : position + 1;
        var cache = new LayerCache(capacity, kvHeads, headDim, valueDim);
        for (int p = 0; p <= position; p++) {
            cache.store(p, gaussian(kvHeads * headDim), 0, gaussian(kvHeads * valueDim), 0);
        }
        float[] query = gaussian(heads * headDim);
        float[] sinks = withSinks ? gaussian(heads) : null;
        float scale = (float) (1 / Math.sqrt(headDim));
        float[] expected = new float[heads * valueDim];
        float[] actual = new float[heads * valueDim];
        jvm.attention(new AttentionStep(query, heads, cache, position, window, chunk, scale, softcap, sinks, expected));
        device.attention(new AttentionStep(query, heads, cache, position, window, chunk, scale, softcap, sinks, actual));
        assertClose(actual, expected, 1e-5);
    }

    @Test
    void attention_over_a_latent_cache_reads_values_inside_the_keys() {
        int latent = 48;
        int rope = 16;
        int heads = 4;
        var cache = LayerCache.latent(20, latent, rope);
        for (int p = 0; p < 20; p++) {
            cache.store(p, gaussian(latent + rope), 0, null, 0);
        }
        float[] query = gaussian(heads * (latent + rope));
        float[] expected = new float[heads * latent];
        float[] actual = new float[heads * latent];
        jvm.attention(new AttentionStep(query, heads, cache, 19, 0, 0, 0.1f, 0, null, expected));
        device.attention(new AttentionStep(query, heads, cache, 19, 0, 0, 0.1f, 0, null, actual));
        assertClose(actual, expected, 1e-5);
    }

    private WeightTensor randomMatrix(GgmlType type, int rows, int columns) {
        var probe = new WeightTensor("w", type, new long[]{columns, rows}, ARENA.allocate(0));
        var data = ARENA.allocate(probe.rowBytes() * rows, 16);
        for (int r = 0; r < rows; r++) {
            Quantize.row(type, gaussian(columns), 0, columns, data, r * probe.rowBytes());
        }
        return new WeightTensor("w", type, new long[]{columns, rows}, data);
    }

    private float[] gaussian(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    /** Relative to the largest expected magnitude: sums taken in another order differ by rounding only. */
    private static void assertClose(float[] actual, float[] expected, double relative) {
        double scale = 1e-6;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i]) / scale).as("element %d: %s vs %s", i, actual[i], expected[i])
                    .isLessThanOrEqualTo(relative);
        }
    }
}
