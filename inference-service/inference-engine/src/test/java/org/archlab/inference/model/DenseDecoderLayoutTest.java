package org.archlab.inference.model;

import org.archlab.architecture.gguf.GgufSpecImporter;
import org.archlab.architecture.spec.ActivationSparsity;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Attention;
import org.archlab.architecture.spec.LayerSchedule;
import org.archlab.architecture.spec.LowRankResidual;
import org.archlab.architecture.spec.PerLayerInputs;
import org.archlab.architecture.spec.ResidualStreams;
import org.archlab.inference.Fixtures;
import org.archlab.inference.checkpoint.GgufCheckpoint;
import org.archlab.inference.checkpoint.LoadMode;
import org.archlab.inference.kernels.GatedActivation;
import org.archlab.inference.kernels.RotaryTable;
import org.archlab.inference.kernels.jvm.JvmKernelBackend;
import org.archlab.inference.tensor.Dequantize;
import org.archlab.inference.tensor.WeightTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The layout a resident backend (TornadoVM) decodes from holds everything a dense model's decode step needs: a
 * plain float64 decoder that reads nothing but the layout reproduces llama.cpp's logits through the transformer's
 * resident path. Runs everywhere, so a layout that loses a detail fails here, not only where TornadoVM is installed.
 */
class DenseDecoderLayoutTest {

    @ParameterizedTest(name = "{0}: dense pre-norm = {1}")
    @CsvSource({"llama, true", "llama_q4_0, true", "qwen3, true", "smollm3, true", "gemma3, true", "olmo2, false",
            "gpt2, false", "qwen3moe, false", "deepseek2, false", "qwen3next, false", "gpt_oss, false", "gemma3n, false"})
    void only_plain_dense_pre_norm_models_get_a_layout(String fixture, boolean dense) {
        try (var kernels = new JvmKernelBackend(1); var model = GgufModel.open(Fixtures.gguf(fixture), LoadMode.MAPPED, kernels, 64)) {
            Optional<DenseDecoderLayout> layout = model.transformer().denseLayout();
            assertThat(layout.isPresent()).isEqualTo(dense);
            layout.ifPresent(l -> assertThat(l.layers()).hasSize(model.transformer().spec().layers()));
        }
    }

    /** Gemma 3's layout, but with any one of Gemma 3n's knobs the resident decoder lacks: the model runs kernel by kernel. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"perLayerInputs", "residualStreams", "lowRankResidual", "activationSparsity", "valueNorm", "kvSharedLayers"})
    void any_gemma_3n_mechanism_declines_the_layout(String knob) {
        try (var checkpoint = GgufCheckpoint.open(Fixtures.gguf("gemma3"), LoadMode.MAPPED)) {
            ArchitectureSpec s = GgufSpecImporter.importHeader(checkpoint.header());
            ModelWeights weights = WeightBinding.load(checkpoint, s);
            assertThat(DenseDecoderLayout.of(s, weights, null, null, 64)).as("gemma3 itself").isPresent();
            Attention a = s.attention();
            var attention = knob.equals("valueNorm") ? new Attention(a.heads(), a.kvHeads(), a.headDim(), a.valueHeadDim(),
                    a.qkNorm(), a.qkvBias(), a.outputBias(), a.sinks(), a.outputGate(), a.logitSoftcap(), a.queryScale(),
                    a.slidingWindow(), a.chunkSize(), a.mla(), true) : a;
            LayerSchedule l = s.schedule();
            var schedule = knob.equals("kvSharedLayers")
                    ? new LayerSchedule(l.mixers(), l.rope(), l.ffn(), l.leadingDenseLayers(), 2) : l;
            var changed = new ArchitectureSpec(s.family(), s.vocabSize(), s.hiddenSize(), s.layers(), s.maxContext(),
                    s.embeddings(), attention, s.rope(), s.linearAttention(), schedule, s.norm(), s.feedForward(), s.moe(),
                    s.multiTokenPrediction(), s.output(), s.defaultDtype(),
                    knob.equals("perLayerInputs") ? new PerLayerInputs(8, s.vocabSize()) : null,
                    knob.equals("residualStreams") ? new ResidualStreams(2, 0, false) : null,
                    knob.equals("lowRankResidual") ? new LowRankResidual(4) : null,
                    knob.equals("activationSparsity") ? new ActivationSparsity(1, 0.95) : null);
            if (knob.equals("kvSharedLayers")) {
                assertThat(changed.layerPlans().get(4).kvSharedFrom()).as("layer 4 reads layer 3's cache").isEqualTo(3);
            }
            assertThat(DenseDecoderLayout.of(changed, weights, null, null, 64)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} within {1}")
    @CsvSource({"llama, 1e-5", "llama_q8_0, 5e-2", "qwen3, 1e-5", "smollm3, 1e-5", "gemma3, 1e-3"})
    void a_decoder_reading_only_the_layout_reproduces_llama_cpp(String fixture, double tolerance) {
        try (var kernels = new LayoutOnlyBackend(); var model = GgufModel.open(Fixtures.gguf(fixture), LoadMode.MAPPED, kernels, 64)) {
            ReferenceLogits.assertReproduced(model.transformer(), Fixtures.expected(fixture), tolerance);
            assertThat(kernels.steps).isPositive();
        }
    }

    @Test
    void positions_past_the_cache_are_refused_before_any_step() {
        try (var kernels = new LayoutOnlyBackend(); var model = GgufModel.open(Fixtures.gguf("llama"), LoadMode.MAPPED, kernels, 8)) {
            assertThatThrownBy(() -> model.transformer().prefill(new int[]{1, 2, 3}, 6, false))
                    .hasMessageContaining("do not fit the 8");
            assertThat(kernels.steps).isZero();
        }
    }

    /** The JVM backend's kernels (for what is not dense), plus resident decoding by {@link LayoutDecoder}. */
    private static final class LayoutOnlyBackend implements ResidentDecoding, org.archlab.inference.kernels.KernelBackend {
        private final JvmKernelBackend jvm = new JvmKernelBackend(1);
        int steps;
        private LayoutDecoder decoder;

        @Override
        public Optional<ResidentDecoder> residentDecoder(DenseDecoderLayout layout) {
            if (decoder == null || decoder.l != layout) {
                decoder = new LayoutDecoder(layout, this);
            }
            return Optional.of(decoder);
        }

        // Everything else is the JVM backend's.
        @Override public String name() { return "layout-only"; }
        @Override public String device() { return "float64 reference"; }
        @Override public void matvec(WeightTensor w, int f, int r, float[] x, int xo, float[] o, int oo) { jvm.matvec(w, f, r, x, xo, o, oo); }
        @Override public void matmul(WeightTensor w, float[] x, int xs, int t, float[] o, int os) { jvm.matmul(w, x, xs, t, o, os); }
        @Override public void rmsNorm(float[] x, int o, int s, float[] w, float e) { jvm.rmsNorm(x, o, s, w, e); }
        @Override public void layerNorm(float[] x, int o, int s, float[] w, float[] b, float e) { jvm.layerNorm(x, o, s, w, b, e); }
        @Override public void rope(float[] v, int o, int h, int d, RotaryTable t, int p) { jvm.rope(v, o, h, d, t, p); }
        @Override public void attention(org.archlab.inference.kernels.AttentionStep s) { jvm.attention(s); }
        @Override public void gatedActivation(GatedActivation a, float[] g, float[] u, int n) { jvm.gatedActivation(a, g, u, n); }
        @Override public void gelu(float[] x, int n) { jvm.gelu(x, n); }
        @Override public void close() { jvm.close(); }
    }

    /** A decode step in float64 from the layout alone (weights dequantised row by row). */
    private static final class LayoutDecoder implements ResidentDecoder {
        private final DenseDecoderLayout l;
        private final LayoutOnlyBackend backend;
        private final double[][] keys;
        private final double[][] values;

        LayoutDecoder(DenseDecoderLayout layout, LayoutOnlyBackend backend) {
            this.l = layout;
            this.backend = backend;
            keys = new double[layout.layers().size()][layout.maxTokens() * layout.kvHeads() * layout.headDim()];
            values = new double[layout.layers().size()][layout.maxTokens() * layout.kvHeads() * layout.valueDim()];
        }

        @Override
        public int maxTokensPerStep() {
            return 3;
        }

        @Override
        public float[][] run(float[] inputs, int count, int start, boolean allLogits) {
            assertThat(count).isBetween(1, maxTokensPerStep());
            float[][] logits = new float[allLogits ? count : 1][];
            for (int t = 0; t < count; t++) {
                float[] row = step(inputs, t * l.hidden(), start + t);
                if (allLogits || t == count - 1) {
                    logits[allLogits ? t : 0] = row;
                }
            }
            return logits;
        }

        private float[] step(float[] inputs, int offset, int position) {
            backend.steps++;
            double[] x = new double[l.hidden()];
            for (int i = 0; i < x.length; i++) {
                x[i] = inputs[offset + i];
            }
            for (int layer = 0; layer < l.layers().size(); layer++) {
                DenseDecoderLayout.Layer w = l.layers().get(layer);
                double[] xb = rms(x, w.attentionNorm());
                double[] q = multiply(w.q(), xb);
                double[] k = multiply(w.k(), xb);
                double[] v = multiply(w.v(), xb);
                if (l.qkNorm()) {
                    perHead(q, l.heads(), w.qNorm());
                    perHead(k, l.kvHeads(), w.kNorm());
                }
                if (w.rope() != null) {
                    rotate(q, l.heads(), w.rope(), position);
                    rotate(k, l.kvHeads(), w.rope(), position);
                }
                System.arraycopy(k, 0, keys[layer], position * k.length, k.length);
                System.arraycopy(v, 0, values[layer], position * v.length, v.length);
                double[] attended = attend(layer, q, position, w);
                double[] attentionOut = multiply(w.output(), attended);
                add(x, w.postAttentionNorm() == null ? attentionOut : rms(attentionOut, w.postAttentionNorm()));
                double[] h = rms(x, w.ffnNorm());
                double[] gate = multiply(w.gate(), h);
                double[] up = multiply(w.up(), h);
                for (int i = 0; i < gate.length; i++) {
                    double g = gate[i];
                    gate[i] = (l.activation() == GatedActivation.SILU ? g / (1 + Math.exp(-g))
                            : 0.5 * g * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (g + 0.044715 * g * g * g)))) * up[i];
                }
                double[] ffnOut = multiply(w.down(), gate);
                add(x, w.postFfnNorm() == null ? ffnOut : rms(ffnOut, w.postFfnNorm()));
            }
            double[] logits = multiply(l.head(), rms(x, l.outputNorm()));
            float[] out = new float[logits.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) logits[i];
            }
            return out;
        }

        private double[] attend(int layer, double[] q, int position, DenseDecoderLayout.Layer w) {
            int group = l.heads() / l.kvHeads();
            int first = w.window() > 0 ? Math.max(0, position - w.window() + 1) : 0;
            double[] out = new double[l.heads() * l.valueDim()];
            for (int h = 0; h < l.heads(); h++) {
                int kv = h / group;
                double[] p = new double[position + 1];
                double max = w.sinks() == null ? Double.NEGATIVE_INFINITY : w.sinks()[h];
                for (int t = first; t <= position; t++) {
                    double s = 0;
                    for (int i = 0; i < l.headDim(); i++) {
                        s += q[h * l.headDim() + i] * keys[layer][(t * l.kvHeads() + kv) * l.headDim() + i];
                    }
                    s *= l.queryScale();
                    p[t] = l.softcap() > 0 ? l.softcap() * Math.tanh(s / l.softcap()) : s;
                    max = Math.max(max, p[t]);
                }
                double sum = w.sinks() == null ? 0 : Math.exp(w.sinks()[h] - max);
                for (int t = first; t <= position; t++) {
                    p[t] = Math.exp(p[t] - max);
                    sum += p[t];
                }
                for (int t = first; t <= position; t++) {
                    for (int d = 0; d < l.valueDim(); d++) {
                        out[h * l.valueDim() + d] += p[t] / sum * values[layer][(t * l.kvHeads() + kv) * l.valueDim() + d];
                    }
                }
            }
            return out;
        }

        private double[] rms(double[] x, float[] weight) {
            double squares = 0;
            for (double v : x) {
                squares += v * v;
            }
            double scale = 1 / Math.sqrt(squares / x.length + l.eps());
            double[] out = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                out[i] = x[i] * scale * weight[i];
            }
            return out;
        }

        private void perHead(double[] v, int heads, float[] weight) {
            for (int h = 0; h < heads; h++) {
                double[] head = new double[l.headDim()];
                System.arraycopy(v, h * l.headDim(), head, 0, head.length);
                System.arraycopy(rms(head, weight), 0, v, h * l.headDim(), head.length);
            }
        }

        private void rotate(double[] v, int heads, RotaryTable table, int position) {
            int pairs = table.rotaryDims() / 2;
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < pairs; i++) {
                    double angle = (double) position * table.inverseFrequencies()[i];
                    int a = h * l.headDim() + (table.neox() ? i : 2 * i);
                    int b = h * l.headDim() + (table.neox() ? i + pairs : 2 * i + 1);
                    double cos = Math.cos(angle) * table.attentionFactor();
                    double sin = Math.sin(angle) * table.attentionFactor();
                    double x0 = v[a];
                    double x1 = v[b];
                    v[a] = x0 * cos - x1 * sin;
                    v[b] = x0 * sin + x1 * cos;
                }
            }
        }

        private static double[] multiply(WeightTensor w, double[] x) {
            double[] out = new double[w.rows()];
            float[] row = new float[w.columns()];
            for (int r = 0; r < out.length; r++) {
                Dequantize.row(w, r, row, 0);
                double sum = 0;
                for (int c = 0; c < row.length; c++) {
                    sum += row[c] * x[c];
                }
                out[r] = sum;
            }
            return out;
        }

        private static void add(double[] x, double[] delta) {
            for (int i = 0; i < x.length; i++) {
                x[i] += delta[i];
            }
        }

        @Override
        public long cacheBytes() {
            return 8L * (keys.length * keys[0].length + values.length * values[0].length);
        }

        @Override
        public void close() {
        }
    }
}
