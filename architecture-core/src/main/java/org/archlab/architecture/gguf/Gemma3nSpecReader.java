package org.archlab.architecture.gguf;

import org.archlab.architecture.spec.Activation;
import org.archlab.architecture.spec.ActivationSparsity;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Attention;
import org.archlab.architecture.spec.Embeddings;
import org.archlab.architecture.spec.FeedForward;
import org.archlab.architecture.spec.FfnKind;
import org.archlab.architecture.spec.LayerSchedule;
import org.archlab.architecture.spec.LowRankResidual;
import org.archlab.architecture.spec.Mixer;
import org.archlab.architecture.spec.Output;
import org.archlab.architecture.spec.Patterns;
import org.archlab.architecture.spec.PerLayerInputs;
import org.archlab.architecture.spec.ResidualStreams;
import org.archlab.architecture.spec.Rope;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gemma 3n's spec from a GGUF header. llama.cpp reads only some of its keys and hard-codes the rest (the constants
 * below); the spec is what llama.cpp computes from the file, so a key that states something other than llama.cpp's
 * constant is refused rather than followed or ignored: ArchLab would otherwise compute a different model than
 * llama.cpp. The parts every family shares (QK-norm, rope scaling, norms, the weights' dtype) come from
 * {@link GgufSpecImporter}.
 */
final class Gemma3nSpecReader {

    private final GgufSpecImporter common;
    private final GgufHeader h;
    private final FamilyKeys keys;

    Gemma3nSpecReader(GgufSpecImporter common, GgufHeader header, FamilyKeys keys) {
        this.common = common;
        this.h = header;
        this.keys = keys;
    }

    /** Layers that keep a KV cache of their own; the later ones read layer 18's (sliding) or 19's (full). */
    private static final int GEMMA3N_KV_LAYERS = 20;
    private static final int GEMMA3N_WINDOW_PERIOD = 5;
    private static final int GEMMA3N_STREAMS = 4;
    private static final int GEMMA3N_PER_LAYER_WIDTH = 256;
    private static final int GEMMA3N_SPARSE_LAYERS = 10;
    private static final double GEMMA3N_SPARSITY = 0.95;
    /** Φ⁻¹(0.95), as llama.cpp holds it (a float: 1.6448533535003662) and as a double. */
    private static final double GEMMA3N_SPARSITY_CUTOFF = 1.6448536269514722;
    private static final double GEMMA3N_FINAL_SOFTCAP = 30.0;

    ArchitectureSpec spec() {
        int hidden = common.intKey("embedding_length");
        int layers = common.blockCount();
        var sliding = gemma3nSlidingLayers(layers);
        var mixers = new ArrayList<Mixer>();
        for (boolean s : sliding) {
            mixers.add(s ? Mixer.SLIDING : Mixer.FULL);
        }
        int sharedKv = gemma3nSharedKvLayers(layers, sliding);
        var schedule = new LayerSchedule(Patterns.shortest(mixers), List.of(true), List.of(FfnKind.DENSE), 0,
                sharedKv == 0 ? null : sharedKv);
        int headDim = common.intKey("attention.key_length");
        int heads = common.positiveIntKey("attention.head_count");
        if (keys.present("attn_logit_softcapping")) {
            throw gemma3nRefusal("attn_logit_softcapping", "llama.cpp does not soft-cap Gemma 3n's attention scores");
        }
        var attention = new Attention(heads, common.optionalInt("attention.head_count_kv").orElse(heads), headDim,
                common.optionalInt("attention.value_length").orElse(headDim), common.qkNorm("blk.0.", headDim), false, false, false, false,
                null, 1.0, common.intKey("attention.sliding_window"), null, null, true);
        var rope = new Rope(keys.number("rope.freq_base").orElse(10000.0),
                keys.number("rope.freq_base_swa").orElse(10000.0),
                keys.optionalInt("rope.dimension_count").map(d -> (double) d / headDim).orElse(1.0), common.ropeScaling(),
                h.tensor("rope_freqs.weight").isPresent());
        var feedForward = new FeedForward(Activation.GEGLU,
                keys.uniformInt("feed_forward_length", layers).orElseGet(() -> common.intKey("feed_forward_length")), false);
        return new ArchitectureSpec("gemma3n", gemma3nVocabSize(), hidden, layers, common.intKey("context_length"),
                new Embeddings(h.tensor("output.weight").isEmpty(), null, true, 0), attention, rope, null, schedule,
                common.norm(), feedForward, null, null, new Output(gemma3nFinalSoftcap(), null), common.weightDtype(),
                gemma3nPerLayerInputs(), gemma3nStreams(), new LowRankResidual(GgufSpecImporter.dimension(common.tensor("blk.0.laurel_l.weight"), 1)),
                gemma3nSparsity(layers));
    }

    /** llama.cpp counts the tokenizer's tokens; a vocab_size key that disagrees would mean another model. */
    private int gemma3nVocabSize() {
        Object tokens = h.metadata().get("tokenizer.ggml.tokens");
        Optional<Integer> key = common.optionalInt("vocab_size");
        if (!(tokens instanceof List<?> list)) {
            return key.orElseGet(() -> GgufSpecImporter.dimension(common.tensor("token_embd.weight"), 1));
        }
        if (key.isPresent() && key.get() != list.size()) {
            throw gemma3nRefusal("vocab_size", "is " + key.get() + " but tokenizer.ggml.tokens has " + list.size()
                    + " tokens, which is what llama.cpp uses");
        }
        return list.size();
    }

    /** A scalar period p (layer il slides iff il % p < p − 1) as llama.cpp honours it; otherwise period 5. */
    private List<Boolean> gemma3nSlidingLayers(int layers) {
        Object pattern = h.metadata().get(keys.name("attention.sliding_window_pattern"));
        int period = keys.scalarPeriod("attention.sliding_window_pattern").orElse(GEMMA3N_WINDOW_PERIOD);
        if (period == 0) {
            throw keys.refused("attention.sliding_window_pattern", "must be positive, was 0");
        }
        var sliding = new ArrayList<Boolean>();
        for (int i = 0; i < layers; i++) {
            sliding.add(i % period < period - 1);
        }
        if (pattern instanceof boolean[] perLayer) {
            for (int i = 0; i < layers; i++) {
                if (perLayer.length != layers || perLayer[i] != sliding.get(i)) {
                    throw gemma3nRefusal("attention.sliding_window_pattern", "lists sliding layers other than every "
                            + "layer but each " + GEMMA3N_WINDOW_PERIOD + "th; llama.cpp ignores the array and uses period "
                            + GEMMA3N_WINDOW_PERIOD);
                }
            }
        } else if (pattern != null && !(pattern instanceof Long)) {
            throw keys.refused("attention.sliding_window_pattern", "must be an integer or a boolean array");
        }
        return sliding;
    }

    /** The layers after the first 20 read layer 18's KV cache (sliding) or 19's (full), as llama.cpp hard-codes. */
    private int gemma3nSharedKvLayers(int layers, List<Boolean> sliding) {
        int shared = Math.max(0, layers - GEMMA3N_KV_LAYERS);
        var key = common.optionalInt("attention.shared_kv_layers");
        if (key.isPresent() && key.get() != shared) {
            throw gemma3nRefusal("attention.shared_kv_layers", "is " + key.get() + ", but llama.cpp lets the layers after the first "
                    + GEMMA3N_KV_LAYERS + " share KV caches, " + shared + " of " + layers);
        }
        if (shared > 0 && (!sliding.get(GEMMA3N_KV_LAYERS - 2) || sliding.get(GEMMA3N_KV_LAYERS - 1))) {
            throw gemma3nRefusal("attention.sliding_window_pattern", "makes layer " + (GEMMA3N_KV_LAYERS - 2) + " full or layer "
                    + (GEMMA3N_KV_LAYERS - 1) + " sliding; llama.cpp's KV sharing reads those two as the last sliding and "
                    + "the last full layer");
        }
        return shared;
    }

    private double gemma3nFinalSoftcap() {
        var key = keys.number("final_logit_softcapping");
        if (key.isPresent() && key.get() != GEMMA3N_FINAL_SOFTCAP) {
            throw gemma3nRefusal("final_logit_softcapping", "is " + key.get() + ", but llama.cpp soft-caps at "
                    + GEMMA3N_FINAL_SOFTCAP);
        }
        return GEMMA3N_FINAL_SOFTCAP;
    }

    private PerLayerInputs gemma3nPerLayerInputs() {
        int width = GgufSpecImporter.dimension(common.tensor("per_layer_proj_norm.weight"), 0);
        var key = common.optionalInt("embedding_length_per_layer_input");
        if (key.isPresent() && key.get() != GEMMA3N_PER_LAYER_WIDTH) {
            throw gemma3nRefusal("embedding_length_per_layer_input", "is " + key.get() + ", but llama.cpp uses "
                    + GEMMA3N_PER_LAYER_WIDTH);
        }
        return new PerLayerInputs(width, GgufSpecImporter.dimension(common.tensor("per_layer_token_embd.weight"), 1));
    }

    private ResidualStreams gemma3nStreams() {
        int streams = GgufSpecImporter.dimension(common.tensor("blk.0.altup_predict_coef.weight"), 0);
        var count = common.optionalInt("altup.num_inputs");
        if (count.isPresent() && count.get() != GEMMA3N_STREAMS) {
            throw gemma3nRefusal("altup.num_inputs", "is " + count.get() + ", but llama.cpp uses " + GEMMA3N_STREAMS + " streams");
        }
        var active = common.optionalInt("altup.active_idx");
        if (active.isPresent() && active.get() != 0) {
            throw gemma3nRefusal("altup.active_idx", "is " + active.get() + ", but llama.cpp computes on stream 0");
        }
        return new ResidualStreams(streams, 0, h.tensor("blk.0.altup_correct_scale.weight").isPresent());
    }

    /** llama.cpp cuts the FFN gate of layers 0-9 at Φ⁻¹(0.95); the file's per-layer cutoffs must say the same. */
    private ActivationSparsity gemma3nSparsity(int layers) {
        int sparse = Math.min(layers, GEMMA3N_SPARSE_LAYERS);
        Object stated = h.metadata().get(keys.name("activation_sparsity_scale"));
        if (stated instanceof double[] cutoffs) {
            for (int i = 0; i < layers; i++) {
                // A float or a double of Φ⁻¹(0.95) both say 0.95; −inf (Φ⁻¹(0)) says "no cut".
                boolean agrees = cutoffs.length == layers && (i < sparse
                        ? Math.abs(cutoffs[i] - GEMMA3N_SPARSITY_CUTOFF) < 1e-6 : cutoffs[i] == Double.NEGATIVE_INFINITY);
                if (!agrees) {
                    throw gemma3nRefusal("activation_sparsity_scale", "must hold " + layers + " values, Φ⁻¹(0.95) for the first "
                            + sparse + " layers and -inf for the rest, as llama.cpp computes; layer " + i + " differs");
                }
            }
        } else if (stated != null) {
            throw keys.refused("activation_sparsity_scale", "must be an array of numbers");
        }
        return new ActivationSparsity(sparse, GEMMA3N_SPARSITY);
    }

    private GgufFormatException gemma3nRefusal(String suffix, String why) {
        return keys.refused(suffix, why + "; ArchLab would compute another model than llama.cpp does from this file");
    }
}
