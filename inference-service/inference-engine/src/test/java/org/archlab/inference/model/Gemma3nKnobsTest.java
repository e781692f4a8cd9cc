package org.archlab.inference.model;

import org.archlab.architecture.analysis.KvCacheAnalysis;
import org.archlab.architecture.gguf.GgufHeaderReader;
import org.archlab.architecture.gguf.GgufSpecImporter;
import org.archlab.architecture.spec.ActivationSparsity;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Attention;
import org.archlab.architecture.spec.Dtype;
import org.archlab.architecture.spec.LayerSchedule;
import org.archlab.architecture.spec.LowRankResidual;
import org.archlab.architecture.spec.Mixer;
import org.archlab.architecture.spec.PerLayerInputs;
import org.archlab.architecture.spec.ResidualStreams;
import org.archlab.inference.Fixtures;
import org.archlab.inference.kernels.jvm.JvmKernelBackend;
import org.archlab.inference.tensor.GgmlType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each of Gemma 3n's mechanisms on its own, on an otherwise plain model (Gemma 3's fixture shape, random weights):
 * the natural generalisations run (per-layer inputs into the single residual, streams whose active one is not the
 * first, streams without per-layer inputs), a batched prompt past the sliding window computes what one token at a
 * time does, and the caches are what the analytics predict.
 */
class Gemma3nKnobsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"perLayerInputs", "residualStreams", "residualStreamsActiveLast", "lowRankResidual", "activationSparsity",
            "valueNorm", "kvSharedLayers", "perLayerInputsAndStreams"})
    void one_knob_on_a_plain_model_runs_batched_as_one_token_at_a_time(String knob) throws IOException {
        ArchitectureSpec spec = withKnob(gemma3(), knob);
        if (knob.equals("kvSharedLayers")) {
            assertThat(spec.layerPlans().get(4).kvSharedFrom()).isEqualTo(2);
            assertThat(spec.layerPlans().get(5).kvSharedFrom()).isEqualTo(3);
        }
        int[] prompt = new Random(9).ints(20, 0, spec.vocabSize()).toArray();
        float[][] sequential = new float[prompt.length][];
        float[][] batched;
        try (var kernels = new JvmKernelBackend(2);
             var one = RandomModel.create(spec, GgmlType.F32, 3, kernels, 64, 2);
             var all = RandomModel.create(spec, GgmlType.F32, 3, kernels, 64, 2)) {
            for (int p = 0; p < prompt.length; p++) {
                sequential[p] = one.transformer().forward(prompt[p], p).clone();
            }
            batched = all.transformer().prefill(prompt, 0, true);
            assertThat(all.transformer().kvCacheBytes()).isEqualTo(KvCacheAnalysis.of(spec, Dtype.F32, 64, 1).totalBytes());
        }
        for (float[] row : batched) {
            for (float v : row) {
                assertThat(Float.isFinite(v)).as("finite logits").isTrue();
            }
        }
        assertThat(ReferenceLogits.relativeL2(batched, sequential)).isLessThanOrEqualTo(1e-5);
    }

    private static ArchitectureSpec gemma3() throws IOException {
        try (var in = Files.newInputStream(Fixtures.gguf("gemma3"))) {
            return GgufSpecImporter.importHeader(GgufHeaderReader.read(in));
        }
    }

    private static ArchitectureSpec withKnob(ArchitectureSpec s, String knob) {
        Attention a = s.attention();
        var attention = knob.equals("valueNorm") ? new Attention(a.heads(), a.kvHeads(), a.headDim(), a.valueHeadDim(),
                a.qkNorm(), a.qkvBias(), a.outputBias(), a.sinks(), a.outputGate(), a.logitSoftcap(), a.queryScale(),
                a.slidingWindow(), a.chunkSize(), a.mla(), true) : a;
        LayerSchedule l = s.schedule();
        // Sliding and full layers alternate; the last two share: layer 4 reads sliding layer 2's cache, 5 full layer 3's.
        var schedule = knob.equals("kvSharedLayers")
                ? new LayerSchedule(List.of(Mixer.SLIDING, Mixer.FULL), l.rope(), l.ffn(), l.leadingDenseLayers(), 2) : l;
        boolean perLayer = knob.startsWith("perLayerInputs");
        ResidualStreams streams = switch (knob) {
            case "residualStreams" -> new ResidualStreams(3, 0, false);
            case "residualStreamsActiveLast" -> new ResidualStreams(3, 2, true);
            case "perLayerInputsAndStreams" -> new ResidualStreams(2, 0, true);
            default -> null;
        };
        return new ArchitectureSpec(s.family(), s.vocabSize(), s.hiddenSize(), s.layers(), s.maxContext(), s.embeddings(),
                attention, s.rope(), s.linearAttention(), schedule, s.norm(), s.feedForward(), s.moe(),
                s.multiTokenPrediction(), s.output(), s.defaultDtype(),
                perLayer ? new PerLayerInputs(8, s.vocabSize() - 20) : null, streams,
                knob.equals("lowRankResidual") ? new LowRankResidual(4) : null,
                knob.equals("activationSparsity") ? new ActivationSparsity(3, 0.9) : null);
    }
}
