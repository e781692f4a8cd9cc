package org.archlab.architecture.gguf;

import org.archlab.architecture.spec.Activation;
import org.archlab.architecture.spec.ActivationSparsity;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Attention;
import org.archlab.architecture.spec.Dtype;
import org.archlab.architecture.spec.Embeddings;
import org.archlab.architecture.spec.FeedForward;
import org.archlab.architecture.spec.FfnKind;
import org.archlab.architecture.spec.LatentAttentionShape;
import org.archlab.architecture.spec.LayerSchedule;
import org.archlab.architecture.spec.LinearAttention;
import org.archlab.architecture.spec.LowRankResidual;
import org.archlab.architecture.spec.Mixer;
import org.archlab.architecture.spec.MixtureOfExperts;
import org.archlab.architecture.spec.Norm;
import org.archlab.architecture.spec.NormKind;
import org.archlab.architecture.spec.NormPlacement;
import org.archlab.architecture.spec.Output;
import org.archlab.architecture.spec.Patterns;
import org.archlab.architecture.spec.PerLayerInputs;
import org.archlab.architecture.spec.QkNorm;
import org.archlab.architecture.spec.ResidualStreams;
import org.archlab.architecture.spec.Rope;
import org.archlab.architecture.spec.RopeScaling;
import org.archlab.architecture.spec.RopeScalingType;
import org.archlab.architecture.spec.Router;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Derives a spec from a GGUF header: llama.cpp's metadata for sizes, and the tensor descriptions for
 * what metadata leaves implicit (tied head, biases, QK-norm, sinks, norm placement, which layers are
 * MoE or linear). Norm weights in GGUF files are stored multiplicatively (the converter folds Gemma's
 * "+1" in), so imported specs never have zero-centred norms.
 */
public final class GgufSpecImporter {

    private static final Map<String, String> FAMILIES = Map.ofEntries(
            Map.entry("llama", "llama3"), Map.entry("qwen3", "qwen3"), Map.entry("qwen3moe", "qwen3-moe"),
            Map.entry("qwen3next", "qwen3-next"), Map.entry("gemma3", "gemma3"), Map.entry("gpt2", "gpt2"),
            Map.entry("olmo2", "olmo2"), Map.entry("deepseek2", "deepseek"), Map.entry("gpt-oss", "gpt-oss"),
            Map.entry("smollm3", "smollm3"), Map.entry("glm4moe", "glm4-moe"), Map.entry("llama4", "llama4"),
            Map.entry("minimax-m2", "minimax-m2"), Map.entry("grok", "grok"),
            Map.entry("gemma3n", "gemma3n"));

    /** llama.cpp hard-codes these where the metadata is silent. */
    private static final int NOPE_STEP = 4;
    private static final int LLAMA4_CHUNK = 8192;
    private static final int GEMMA3_WINDOW_PERIOD = 6;

    private final GgufHeader h;
    private final String arch;

    private GgufSpecImporter(GgufHeader header) {
        this.h = header;
        this.arch = header.architecture();
    }

    public static ArchitectureSpec importHeader(GgufHeader header) {
        var importer = new GgufSpecImporter(header);
        return importer.arch.equals("gemma3n") ? importer.gemma3n() : importer.spec();
    }

    // Gemma 3n. llama.cpp reads only some of its keys and hard-codes the rest (the constants below); the spec is
    // what llama.cpp computes from the file, so a key that states something other than llama.cpp's constant is
    // refused rather than followed or ignored: ArchLab would otherwise compute a different model than llama.cpp.

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

    private ArchitectureSpec gemma3n() {
        int hidden = intKey("embedding_length");
        int layers = intKey("block_count");
        if (layers < 1 || layers > 4096) {
            throw new GgufFormatException(arch + ".block_count must be between 1 and 4096, was " + layers);
        }
        var sliding = gemma3nSlidingLayers(layers);
        var mixers = new ArrayList<Mixer>();
        for (boolean s : sliding) {
            mixers.add(s ? Mixer.SLIDING : Mixer.FULL);
        }
        int sharedKv = gemma3nSharedKvLayers(layers, sliding);
        var schedule = new LayerSchedule(Patterns.shortest(mixers), List.of(true), List.of(FfnKind.DENSE), 0,
                sharedKv == 0 ? null : sharedKv);
        int headDim = intKey("attention.key_length");
        int heads = positiveIntKey("attention.head_count");
        if (h.metadata().containsKey(arch + ".attn_logit_softcapping")) {
            throw gemma3nRefusal("attn_logit_softcapping", "llama.cpp does not soft-cap Gemma 3n's attention scores");
        }
        var attention = new Attention(heads, optionalInt("attention.head_count_kv").orElse(heads), headDim,
                optionalInt("attention.value_length").orElse(headDim), qkNorm("blk.0.", headDim), false, false, false, false,
                null, 1.0, intKey("attention.sliding_window"), null, null, true);
        var rope = new Rope(h.number(arch + ".rope.freq_base").orElse(10000.0),
                h.number(arch + ".rope.freq_base_swa").orElse(10000.0),
                h.integer(arch + ".rope.dimension_count").map(d -> (double) d / headDim).orElse(1.0), ropeScaling(),
                h.tensor("rope_freqs.weight").isPresent());
        var feedForward = new FeedForward(Activation.GEGLU, gemma3nFeedForwardLength(), false);
        return new ArchitectureSpec("gemma3n", gemma3nVocabSize(), hidden, layers, intKey("context_length"),
                new Embeddings(h.tensor("output.weight").isEmpty(), null, true, 0), attention, rope, null, schedule,
                norm(), feedForward, null, null, new Output(gemma3nFinalSoftcap(), null), weightDtype(),
                gemma3nPerLayerInputs(), gemma3nStreams(), new LowRankResidual(dimension(tensor("blk.0.laurel_l.weight"), 1)),
                gemma3nSparsity(layers));
    }

    /** llama.cpp counts the tokenizer's tokens; a vocab_size key that disagrees would mean another model. */
    private int gemma3nVocabSize() {
        Object tokens = h.metadata().get("tokenizer.ggml.tokens");
        Optional<Integer> key = optionalInt("vocab_size");
        if (!(tokens instanceof List<?> list)) {
            return key.orElseGet(() -> dimension(tensor("token_embd.weight"), 1));
        }
        if (key.isPresent() && key.get() != list.size()) {
            throw gemma3nRefusal("vocab_size", "is " + key.get() + " but tokenizer.ggml.tokens has " + list.size()
                    + " tokens, which is what llama.cpp uses");
        }
        return list.size();
    }

    /** A scalar period p (layer il slides iff il % p < p − 1) as llama.cpp honours it; otherwise period 5. */
    private List<Boolean> gemma3nSlidingLayers(int layers) {
        String key = arch + ".attention.sliding_window_pattern";
        Object pattern = h.metadata().get(key);
        int period = pattern instanceof Long p ? inIntRange(key, p) : GEMMA3N_WINDOW_PERIOD;
        if (period == 0) {
            throw new GgufFormatException(key, "metadata key " + key + " must be positive, was 0", null);
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
            throw new GgufFormatException(key, "metadata key " + key + " must be an integer or a boolean array", null);
        }
        return sliding;
    }

    /** The layers after the first 20 read layer 18's KV cache (sliding) or 19's (full), as llama.cpp hard-codes. */
    private int gemma3nSharedKvLayers(int layers, List<Boolean> sliding) {
        int shared = Math.max(0, layers - GEMMA3N_KV_LAYERS);
        var key = optionalInt("attention.shared_kv_layers");
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

    private int gemma3nFeedForwardLength() {
        String key = arch + ".feed_forward_length";
        if (h.metadata().get(key) instanceof long[] perLayer) {
            if (perLayer.length == 0 || java.util.Arrays.stream(perLayer).anyMatch(v -> v != perLayer[0])) {
                throw new GgufFormatException(key, "metadata key " + key + " must give every layer the same width", null);
            }
            return inIntRange(key, perLayer[0]);
        }
        return intKey("feed_forward_length");
    }

    private double gemma3nFinalSoftcap() {
        var key = h.number(arch + ".final_logit_softcapping");
        if (key.isPresent() && key.get() != GEMMA3N_FINAL_SOFTCAP) {
            throw gemma3nRefusal("final_logit_softcapping", "is " + key.get() + ", but llama.cpp soft-caps at "
                    + GEMMA3N_FINAL_SOFTCAP);
        }
        return GEMMA3N_FINAL_SOFTCAP;
    }

    private PerLayerInputs gemma3nPerLayerInputs() {
        int width = dimension(tensor("per_layer_proj_norm.weight"), 0);
        var key = optionalInt("embedding_length_per_layer_input");
        if (key.isPresent() && key.get() != GEMMA3N_PER_LAYER_WIDTH) {
            throw gemma3nRefusal("embedding_length_per_layer_input", "is " + key.get() + ", but llama.cpp uses "
                    + GEMMA3N_PER_LAYER_WIDTH);
        }
        return new PerLayerInputs(width, dimension(tensor("per_layer_token_embd.weight"), 1));
    }

    private ResidualStreams gemma3nStreams() {
        int streams = dimension(tensor("blk.0.altup_predict_coef.weight"), 0);
        var count = optionalInt("altup.num_inputs");
        if (count.isPresent() && count.get() != GEMMA3N_STREAMS) {
            throw gemma3nRefusal("altup.num_inputs", "is " + count.get() + ", but llama.cpp uses " + GEMMA3N_STREAMS + " streams");
        }
        var active = optionalInt("altup.active_idx");
        if (active.isPresent() && active.get() != 0) {
            throw gemma3nRefusal("altup.active_idx", "is " + active.get() + ", but llama.cpp computes on stream 0");
        }
        return new ResidualStreams(streams, 0, h.tensor("blk.0.altup_correct_scale.weight").isPresent());
    }

    /** llama.cpp cuts the FFN gate of layers 0-9 at Φ⁻¹(0.95); the file's per-layer cutoffs must say the same. */
    private ActivationSparsity gemma3nSparsity(int layers) {
        int sparse = Math.min(layers, GEMMA3N_SPARSE_LAYERS);
        String key = arch + ".activation_sparsity_scale";
        Object stated = h.metadata().get(key);
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
            throw new GgufFormatException(key, "metadata key " + key + " must be an array of numbers", null);
        }
        return new ActivationSparsity(sparse, GEMMA3N_SPARSITY);
    }

    private GgufFormatException gemma3nRefusal(String suffix, String why) {
        String key = arch + "." + suffix;
        return new GgufFormatException(key, "metadata key " + key + " " + why
                + "; ArchLab would compute another model than llama.cpp does from this file", null);
    }

    private ArchitectureSpec spec() {
        String family = FAMILIES.get(arch);
        if (family == null) {
            throw new GgufFormatException("general.architecture '" + arch + "' is not supported; supported: "
                    + String.join(", ", FAMILIES.keySet().stream().sorted().toList()));
        }
        int hidden = intKey("embedding_length");
        int layers = intKey("block_count");
        if (layers < 1 || layers > 4096) {
            throw new GgufFormatException(arch + ".block_count must be between 1 and 4096, was " + layers);
        }
        var ffn = ffnPattern(layers);
        var mixers = mixers(layers);
        var rope = ropePattern(layers);
        var schedule = new LayerSchedule(mixers, rope, ffn, 0);
        boolean anyRope = !arch.equals("gpt2");
        return new ArchitectureSpec(family, vocabSize(), hidden, layers, intKey("context_length"),
                embeddings(hidden), attention(), anyRope ? rope() : null, linearAttention(), schedule, norm(),
                feedForward(), moe(ffn.contains(FfnKind.MOE)), null, output(), weightDtype(), null, null, null, null);
    }

    private int vocabSize() {
        return optionalInt("vocab_size")
                .orElseGet(() -> dimension(tensor("token_embd.weight"), 1));
    }

    private Embeddings embeddings(int hidden) {
        int positions = h.tensor("position_embd.weight").map(t -> dimension(t, 1)).orElse(0);
        Double scale = h.number(arch + ".embedding_scale").orElse(null);
        return new Embeddings(h.tensor("output.weight").isEmpty(), scale, arch.equals("gemma3"), positions);
    }

    private Attention attention() {
        int heads = positiveIntKey("attention.head_count");
        int kvHeads = optionalInt("attention.head_count_kv").orElse(heads);
        int hidden = intKey("embedding_length");
        String b0 = firstSoftmaxBlock();
        Integer window = optionalInt("attention.sliding_window").orElse(null);
        Integer chunk = arch.equals("llama4") ? LLAMA4_CHUNK : null;
        Double softcap = h.number(arch + ".attn_logit_softcapping").orElse(null);
        Double queryScale = h.number(arch + ".attention.output_scale").orElse(null);
        if (h.tensor(b0 + "attn_kv_a_mqa.weight").isPresent()) {
            return latentAttention(heads, softcap);
        }
        int headDim = optionalInt("attention.key_length").orElse(hidden / heads);
        int valueDim = optionalInt("attention.value_length").orElse(headDim);
        boolean qkvBias = h.tensor(b0 + "attn_q.bias").isPresent() || h.tensor(b0 + "attn_qkv.bias").isPresent();
        boolean outputBias = h.tensor(b0 + "attn_output.bias").isPresent();
        long qRows = h.tensor(b0 + "attn_q.weight").map(t -> (long) dimension(t, 1)).orElse((long) heads * headDim);
        boolean outputGate = qRows == 2L * heads * headDim;
        return new Attention(heads, kvHeads, headDim, valueDim, qkNorm(b0, headDim), qkvBias, outputBias,
                h.tensor(b0 + "attn_sinks.weight").isPresent(), outputGate, softcap, queryScale, window, chunk, null, null);
    }

    private Attention latentAttention(int heads, Double softcap) {
        int rope = intKey("rope.dimension_count");
        int kvLora = intKey("attention.kv_lora_rank");
        int qLora = optionalInt("attention.q_lora_rank").orElse(0);
        // Newer files store the absorbed form: key_length = kv_lora + rope; the per-head sizes are in *_mla.
        int queryHeadDim = optionalInt("attention.key_length_mla").orElseGet(() -> intKey("attention.key_length"));
        int valueDim = optionalInt("attention.value_length_mla").orElseGet(() -> intKey("attention.value_length"));
        var mla = new LatentAttentionShape(qLora, kvLora, queryHeadDim - rope, rope, valueDim);
        return new Attention(heads, heads, queryHeadDim, valueDim, QkNorm.NONE, false, false, false, false,
                softcap, null, null, null, mla, null);
    }

    private QkNorm qkNorm(String block, int headDim) {
        return h.tensor(block + "attn_q_norm.weight")
                .map(t -> t.dims()[0] == headDim ? QkNorm.PER_HEAD : QkNorm.PER_LAYER)
                .orElse(arch.equals("llama4") ? QkNorm.L2 : QkNorm.NONE);
    }

    private Rope rope() {
        double theta = h.number(arch + ".rope.freq_base").orElse(10000.0);
        Double local = h.number(arch + ".rope.freq_base_swa").orElse(null);
        double fraction = 1.0;
        if (h.tensor(firstSoftmaxBlock() + "attn_kv_a_mqa.weight").isEmpty()) {
            int headDim = optionalInt("attention.key_length")
                    .orElse(intKey("embedding_length") / positiveIntKey("attention.head_count"));
            fraction = h.integer(arch + ".rope.dimension_count").map(d -> (double) d / headDim).orElse(1.0);
        }
        return new Rope(theta, local, fraction, ropeScaling(), h.tensor("rope_freqs.weight").isPresent());
    }

    private RopeScaling ropeScaling() {
        String type = h.string(arch + ".rope.scaling.type").orElse("none");
        RopeScalingType kind = switch (type) {
            case "linear" -> RopeScalingType.LINEAR;
            case "yarn" -> RopeScalingType.YARN;
            default -> null;
        };
        if (kind == null) {
            return null;
        }
        Integer original = optionalInt("rope.scaling.original_context_length").orElse(null);
        return new RopeScaling(kind, h.number(arch + ".rope.scaling.factor").orElse(1.0), original,
                null, null, null, null, null, null);
    }

    private List<Mixer> mixers(int layers) {
        var perLayer = new ArrayList<Mixer>();
        for (int i = 0; i < layers; i++) {
            perLayer.add(mixerOf(i));
        }
        return Patterns.shortest(perLayer);
    }

    private Mixer mixerOf(int layer) {
        if (h.tensor("blk." + layer + ".ssm_out.weight").isPresent()) {
            return Mixer.LINEAR;
        }
        return switch (arch) {
            case "gemma3" -> (layer + 1) % GEMMA3_WINDOW_PERIOD == 0 ? Mixer.FULL : Mixer.SLIDING;
            case "gpt-oss" -> layer % 2 == 0 ? Mixer.SLIDING : Mixer.FULL;
            case "llama4" -> usesRope(layer) ? Mixer.CHUNKED : Mixer.FULL;
            default -> Mixer.FULL;
        };
    }

    private List<Boolean> ropePattern(int layers) {
        var perLayer = new ArrayList<Boolean>();
        for (int i = 0; i < layers; i++) {
            perLayer.add(usesRope(i));
        }
        return Patterns.shortest(perLayer);
    }

    private boolean usesRope(int layer) {
        return switch (arch) {
            case "gpt2" -> false;
            case "smollm3", "llama4" -> (layer + 1) % NOPE_STEP != 0;
            default -> true;
        };
    }

    private List<FfnKind> ffnPattern(int layers) {
        var perLayer = new ArrayList<FfnKind>();
        for (int i = 0; i < layers; i++) {
            perLayer.add(h.tensor("blk." + i + ".ffn_gate_inp.weight").isPresent() ? FfnKind.MOE : FfnKind.DENSE);
        }
        return Patterns.shortest(perLayer);
    }

    private LinearAttention linearAttention() {
        if (h.tensor("blk.0.ssm_out.weight").isEmpty() && !h.metadata().containsKey(arch + ".ssm.inner_size")) {
            return null;
        }
        int valueHeads = positiveIntKey("ssm.time_step_rank");
        return new LinearAttention(intKey("ssm.group_count"), valueHeads, intKey("ssm.state_size"),
                intKey("ssm.inner_size") / valueHeads, intKey("ssm.conv_kernel"));
    }

    private Norm norm() {
        boolean layerNorm = h.tensor("output_norm.bias").isPresent();
        double eps = h.number(arch + (layerNorm ? ".attention.layer_norm_epsilon" : ".attention.layer_norm_rms_epsilon"))
                .orElse(1e-5);
        int hidden = intKey("embedding_length");
        long blockNorms = h.tensors().stream()
                .filter(t -> t.name().startsWith("blk.0.") && t.name().endsWith("norm.weight") && t.dims().length == 1
                        && t.dims()[0] == hidden)
                .count();
        NormPlacement placement = blockNorms >= 4 ? NormPlacement.SANDWICH
                : h.tensor("blk.0.attn_norm.weight").isEmpty() ? NormPlacement.POST : NormPlacement.PRE;
        return new Norm(layerNorm ? NormKind.LAYER : NormKind.RMS, eps, placement, false);
    }

    private FeedForward feedForward() {
        Activation activation = switch (arch) {
            case "gemma3", "grok" -> Activation.GEGLU;
            case "gpt-oss" -> Activation.SWIGLU_OAI;
            default -> h.tensors().stream().anyMatch(t -> t.name().contains("ffn_gate")) ? Activation.SWIGLU : Activation.GELU;
        };
        boolean bias = h.tensors().stream().anyMatch(t -> t.name().endsWith("ffn_up.bias") || t.name().endsWith("ffn_down.bias"));
        return new FeedForward(activation, intKey("feed_forward_length"), bias);
    }

    private MixtureOfExperts moe(boolean anyMoe) {
        if (!anyMoe) {
            return null;
        }
        String block = firstMoeBlock();
        int experts = intKey("expert_count");
        int shared = optionalInt("expert_shared_count").orElse(0);
        int expertWidth = optionalInt("expert_feed_forward_length")
                .orElseGet(() -> intKey("feed_forward_length"));
        int sharedWidth = 0;
        var sharedUp = h.tensor(block + "ffn_up_shexp.weight");
        var denseUp = h.tensor(block + "ffn_up.weight");
        if (sharedUp.isPresent()) {
            shared = Math.max(shared, 1);
            sharedWidth = dimension(sharedUp.get(), 1) / shared;
        } else if (denseUp.isPresent()) {
            // Grok: a dense FFN runs beside the experts in every MoE layer — an always-on shared expert.
            shared = 1;
            sharedWidth = dimension(denseUp.get(), 1);
        }
        long gating = h.integer(arch + ".expert_gating_func").orElse(arch.equals("llama4") ? 2L : 1L);
        Router router = gating == 2 ? Router.SIGMOID
                : arch.equals("gpt-oss") || arch.equals("grok") ? Router.SOFTMAX_SELECTED : Router.SOFTMAX;
        boolean normalize = h.bool(arch + ".expert_weights_norm").orElse(switch (arch) {
            case "qwen3moe", "qwen3next", "minimax-m2" -> true;
            default -> false;
        });
        int groups = optionalInt("expert_group_count").orElse(1);
        int groupsUsed = optionalInt("expert_group_used_count").orElse(1);
        return new MixtureOfExperts(experts, intKey("expert_used_count"), expertWidth, shared, sharedWidth, router,
                normalize, h.number(arch + ".expert_weights_scale").orElse(1.0), groups, groupsUsed,
                h.tensor(block + "ffn_gate_inp.bias").isPresent(), h.tensor(block + "exp_probs_b.bias").isPresent(),
                h.tensor(block + "ffn_up_exps.bias").isPresent(), h.tensor(block + "ffn_gate_inp_shexp.weight").isPresent(),
                arch.equals("llama4") ? Boolean.TRUE : null, arch.equals("grok") ? Math.sqrt(0.5) : null);
    }

    private Output output() {
        Double softcap = h.number(arch + ".final_logit_softcapping").orElse(null);
        Double scale = h.number(arch + ".logit_scale").orElse(null);
        return softcap == null && scale == null ? Output.PLAIN : new Output(softcap, scale);
    }

    /** The dtype most of the weight elements are stored in. */
    private Dtype weightDtype() {
        var byType = new java.util.HashMap<Integer, Long>();
        h.tensors().forEach(t -> byType.merge(t.typeId(), t.elements(), Long::sum));
        int dominant = byType.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(0);
        return switch (dominant) {
            case 1 -> Dtype.F16;
            case 2 -> Dtype.Q4_0;
            case 8 -> Dtype.Q8_0;
            case 30 -> Dtype.BF16;
            default -> Dtype.F32;
        };
    }

    private String firstSoftmaxBlock() {
        int layers = intKey("block_count");
        for (int i = 0; i < layers; i++) {
            if (h.tensor("blk." + i + ".ssm_out.weight").isEmpty()) {
                return "blk." + i + ".";
            }
        }
        return "blk.0.";
    }

    private String firstMoeBlock() {
        int layers = intKey("block_count");
        for (int i = 0; i < layers; i++) {
            if (h.tensor("blk." + i + ".ffn_gate_inp.weight").isPresent()) {
                return "blk." + i + ".";
            }
        }
        throw new IllegalStateException("no MoE block");
    }

    private GgufTensorInfo tensor(String name) {
        return h.tensor(name).orElseThrow(() -> new GgufFormatException("tensor " + name + " is missing"));
    }

    private int intKey(String suffix) {
        String key = arch + "." + suffix;
        return inIntRange(key, h.integer(key).orElseThrow(() -> new GgufFormatException(key, "metadata key " + key + " is missing", null)));
    }

    /** A key the importer divides by. */
    private int positiveIntKey(String suffix) {
        int value = intKey(suffix);
        if (value == 0) {
            String key = arch + "." + suffix;
            throw new GgufFormatException(key, "metadata key " + key + " must be positive, was 0", null);
        }
        return value;
    }

    private Optional<Integer> optionalInt(String suffix) {
        String key = arch + "." + suffix;
        return h.integer(key).map(value -> inIntRange(key, value));
    }

    private static int inIntRange(String key, long value) {
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new GgufFormatException(key, "metadata key " + key + " is out of range: " + value, null);
        }
        return (int) value;
    }

    private static int dimension(GgufTensorInfo tensor, int d) {
        long[] dims = tensor.dims();
        if (d >= dims.length) {
            throw new GgufFormatException("tensor " + tensor.name(), "tensor " + tensor.name() + " has " + dims.length
                    + " dimensions, expected at least " + (d + 1), null);
        }
        long size = dims[d];
        if (size > Integer.MAX_VALUE) {
            throw new GgufFormatException("tensor " + tensor.name(), "tensor " + tensor.name() + ": dimension " + d + " is "
                    + size + ", more than a model dimension can be", null);
        }
        return (int) size;
    }
}
