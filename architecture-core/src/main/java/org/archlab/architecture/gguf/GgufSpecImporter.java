package org.archlab.architecture.gguf;

import org.archlab.architecture.spec.Activation;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Attention;
import org.archlab.architecture.spec.Dtype;
import org.archlab.architecture.spec.Embeddings;
import org.archlab.architecture.spec.FeedForward;
import org.archlab.architecture.spec.FfnKind;
import org.archlab.architecture.spec.LatentAttentionShape;
import org.archlab.architecture.spec.LayerSchedule;
import org.archlab.architecture.spec.LinearAttention;
import org.archlab.architecture.spec.Mixer;
import org.archlab.architecture.spec.MultiTokenPrediction;
import org.archlab.architecture.spec.MixtureOfExperts;
import org.archlab.architecture.spec.Norm;
import org.archlab.architecture.spec.NormKind;
import org.archlab.architecture.spec.NormPlacement;
import org.archlab.architecture.spec.Output;
import org.archlab.architecture.spec.Patterns;
import org.archlab.architecture.spec.QkNorm;
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

    /** Values llama.cpp hard-codes for a family, or assumes where an optional key is absent (docs/gguf-keys.md). */
    private static final double DEFAULT_THETA = 10000.0;
    private static final int NOPE_STEP = 4;
    private static final int LLAMA4_CHUNK = 8192;
    private static final int LLAMA4_CHUNK_PERIOD = 4;
    private static final int LLAMA4_MAVERICK_EXPERTS = 128;
    private static final int GEMMA3_WINDOW_PERIOD = 6;
    private static final double GEMMA3_LOCAL_THETA = 10000.0;
    private static final int GEMMA3_27B_LAYERS = 62;
    private static final int OLMO2_WINDOW_PERIOD = 4;
    private static final int GPT_OSS_WINDOW_PERIOD = 2;
    private static final int QWEN3NEXT_FULL_ATTENTION_INTERVAL = 4;
    /** DeepSeek-2 files without a gating key are softmax-routed, but for GLM-4.7-Lite's shape (47/48 blocks, this vocabulary). */
    private static final int GLM47_LITE_VOCAB = 154880;
    /** Grok-1's values, which llama.cpp assumes for files written before these keys existed. */
    private static final double GROK_EMBEDDING_SCALE = 78.38367176906169;
    private static final double GROK_LOGIT_SCALE = 0.5773502691896257;
    private static final double GROK_ATTENTION_SCALE = 0.08838834764831845;
    private static final double GROK_ATTENTION_SOFTCAP = 30.0;
    private static final double GROK_YARN_BETA_FAST = 8.0;

    private final GgufHeader h;
    private final String arch;
    private final FamilyKeys keys;

    private GgufSpecImporter(GgufHeader header) {
        this.h = header;
        this.arch = header.architecture();
        this.keys = new FamilyKeys(header, arch);
    }

    public static ArchitectureSpec importHeader(GgufHeader header) {
        var importer = new GgufSpecImporter(header);
        return importer.arch.equals("gemma3n") ? new Gemma3nSpecReader(importer, header, importer.keys).spec() : importer.spec();
    }

    private ArchitectureSpec spec() {
        String family = FAMILIES.get(arch);
        if (family == null) {
            throw new GgufFormatException("general.architecture '" + arch + "' is not supported; supported: "
                    + String.join(", ", FAMILIES.keySet().stream().sorted().toList()));
        }
        int hidden = intKey("embedding_length");
        blockCount();
        refuseWhatTheSpecCannotHold(hidden);
        int layers = layerCount();
        var ffn = ffnPattern(layers);
        var mixers = mixers(layers);
        var rope = ropePattern(layers);
        var schedule = new LayerSchedule(mixers, rope, ffn, 0);
        boolean anyRope = !arch.equals("gpt2");
        return new ArchitectureSpec(family, vocabSize(), hidden, layers, intKey("context_length"),
                embeddings(hidden), attention(mixers, layers), anyRope ? rope(mixers) : null, linearAttention(), schedule, norm(),
                feedForward(), moe(ffn.contains(FfnKind.MOE)), multiTokenPrediction(), output(), weightDtype(), null, null, null, null);
    }

    /**
     * Keys llama.cpp reads for every family whose non-default values change the computation in ways the spec
     * has no knob for: refused by name rather than ignored.
     */
    private void refuseWhatTheSpecCannotHold(int hidden) {
        if (!keys.bool("attention.causal").orElse(true)) {
            throw keys.refused("attention.causal", "is false; ArchLab runs causal decoders only");
        }
        keys.optionalInt("embedding_length_out").filter(width -> width != hidden).ifPresent(width -> {
            throw keys.refused("embedding_length_out", "is " + width + " but embedding_length is " + hidden
                    + "; the spec has one residual width");
        });
        int headDim = keys.optionalInt("attention.key_length").orElseGet(() -> hidden / heads());
        int valueDim = keys.optionalInt("attention.value_length").orElseGet(() -> hidden / heads());
        int rotary = keys.optionalInt("rope.dimension_count").orElse(headDim);
        refuseUnlessEqual("attention.key_length_swa", headDim);
        refuseUnlessEqual("attention.value_length_swa", valueDim);
        refuseUnlessEqual("rope.dimension_count_swa", rotary);
        if (arch.equals("glm4moe") && h.metadata().get(keys.name("rope.dimension_sections")) instanceof long[] sections
                && sections.length > 1 && sections[0] > 0 && sections[1] > 0) {
            throw keys.refused("rope.dimension_sections", "turns on multi-section RoPE (M-RoPE), which is not a spec knob");
        }
        keys.number("rope.scaling.attn_factor").filter(factor -> factor != 1.0).ifPresent(factor -> {
            throw keys.refused("rope.scaling.attn_factor", "is " + factor + "; the spec has no factor on the rotated query and key dimensions");
        });
    }

    /** Sliding-window layers with their own head sizes are not a spec knob. */
    private void refuseUnlessEqual(String swaSuffix, int fullValue) {
        keys.optionalInt(swaSuffix).filter(value -> value != fullValue).ifPresent(value -> {
            throw keys.refused(swaSuffix, "is " + value + " but full-attention layers use " + fullValue
                    + "; the spec has one size for every layer");
        });
    }

    /** {@code block_count}, within what a model can have. */
    int blockCount() {
        int blocks = intKey("block_count");
        if (blocks < 1 || blocks > 4096) {
            throw new GgufFormatException(arch + ".block_count must be between 1 and 4096, was " + blocks);
        }
        return blocks;
    }

    /** The main stack's blocks: llama.cpp's n_layer(), the block count less the next-token-prediction blocks. */
    private int layerCount() {
        int blocks = blockCount();
        int nextn = predictionBlocks();
        if (nextn >= blocks) {
            throw keys.refused("nextn_predict_layers", "is " + nextn + ", not fewer than block_count " + blocks);
        }
        return blocks - nextn;
    }

    private int predictionBlocks() {
        return switch (arch) {
            case "deepseek2", "glm4moe", "qwen3next" -> keys.optionalInt("nextn_predict_layers").orElse(0);
            default -> 0;
        };
    }

    private MultiTokenPrediction multiTokenPrediction() {
        int nextn = predictionBlocks();
        return nextn == 0 ? null : new MultiTokenPrediction(nextn, 1);
    }

    private int vocabSize() {
        return optionalInt("vocab_size")
                .orElseGet(() -> dimension(tensor("token_embd.weight"), 1));
    }

    private Embeddings embeddings(int hidden) {
        int positions = h.tensor("position_embd.weight").map(t -> dimension(t, 1)).orElse(0);
        Double scale = arch.equals("grok") ? keys.number("embedding_scale").orElse(GROK_EMBEDDING_SCALE) : null;
        return new Embeddings(h.tensor("output.weight").isEmpty(), scale, arch.equals("gemma3"), positions);
    }

    /** Query heads; llama.cpp accepts one count per layer, which must then be the same for all. */
    private int heads() {
        int heads = keys.uniformInt("attention.head_count", intKey("block_count"))
                .orElseThrow(() -> new GgufFormatException(keys.name("attention.head_count"),
                        "metadata key " + keys.name("attention.head_count") + " is missing", null));
        if (heads == 0) {
            throw keys.refused("attention.head_count", "must be positive, was 0");
        }
        return heads;
    }

    private Attention attention(List<Mixer> mixers, int layers) {
        int heads = heads();
        int kvHeads = keys.uniformInt("attention.head_count_kv", intKey("block_count")).orElse(heads);
        int hidden = intKey("embedding_length");
        String b0 = firstSoftmaxBlock();
        Integer window = mixers.contains(Mixer.SLIDING) ? slidingWindow() : null;
        Integer chunk = mixers.contains(Mixer.CHUNKED) ? LLAMA4_CHUNK : null;
        Double softcap = attentionSoftcap();
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
                h.tensor(b0 + "attn_sinks.weight").isPresent(), outputGate, softcap, queryScale(hidden, heads, layers),
                window, chunk, null, null);
    }

    /** Grok caps attention scores (30 by default); no other family imported here reads the key. */
    private Double attentionSoftcap() {
        if (!arch.equals("grok")) {
            return null;
        }
        double cap = keys.number("attn_logit_softcapping").orElse(GROK_ATTENTION_SOFTCAP);
        if (cap <= 0) {
            throw keys.refused("attn_logit_softcapping", "must be positive, was " + cap + " (llama.cpp divides by it)");
        }
        return cap;
    }

    /**
     * Grok's scores are multiplied by attention.output_scale; Gemma 3 at 62 blocks (27B) scales queries by
     * 1/sqrt(hidden/heads) instead of 1/sqrt(headDim), as llama.cpp does from the block count.
     */
    private Double queryScale(int hidden, int heads, int layers) {
        return switch (arch) {
            case "grok" -> keys.number("attention.output_scale").orElse(GROK_ATTENTION_SCALE);
            case "gemma3" -> layers == GEMMA3_27B_LAYERS ? 1 / Math.sqrt(hidden / heads) : null;
            default -> null;
        };
    }

    private Attention latentAttention(int heads, Double softcap) {
        int rope = intKey("rope.dimension_count");
        int kvLora = intKey("attention.kv_lora_rank");
        int qLora = optionalInt("attention.q_lora_rank").orElse(0);
        // Newer files store the absorbed form: key_length = kv_lora + rope; the per-head sizes are in *_mla.
        int queryHeadDim = optionalInt("attention.key_length_mla").orElseGet(() -> intKey("attention.key_length"));
        int valueDim = optionalInt("attention.value_length_mla").orElseGet(() -> intKey("attention.value_length"));
        keys.number("attention.temperature_scale").filter(scale -> scale != 0).ifPresent(scale -> {
            throw keys.refused("attention.temperature_scale", "is " + scale
                    + "; position-dependent attention temperature is not a spec knob");
        });
        var mla = new LatentAttentionShape(qLora, kvLora, queryHeadDim - rope, rope, valueDim);
        return new Attention(heads, heads, queryHeadDim, valueDim, QkNorm.NONE, false, false, false, false,
                softcap, null, null, null, mla, null);
    }

    QkNorm qkNorm(String block, int headDim) {
        // llama.cpp turns Llama 4's weightless L2 norm off for the 128-expert model (Maverick).
        boolean l2 = arch.equals("llama4") && optionalInt("expert_count").orElse(0) != LLAMA4_MAVERICK_EXPERTS;
        return h.tensor(block + "attn_q_norm.weight")
                .map(t -> t.dims()[0] == headDim ? QkNorm.PER_HEAD : QkNorm.PER_LAYER)
                .orElse(l2 ? QkNorm.L2 : QkNorm.NONE);
    }

    private Rope rope(List<Mixer> mixers) {
        double theta = keys.number("rope.freq_base").orElse(DEFAULT_THETA);
        double fraction = 1.0;
        if (h.tensor(firstSoftmaxBlock() + "attn_kv_a_mqa.weight").isEmpty()) {
            int headDim = optionalInt("attention.key_length")
                    .orElse(intKey("embedding_length") / heads());
            int rotary = optionalInt("rope.dimension_count").orElse(headDim);
            if (arch.equals("llama") && rotary != headDim) {
                throw keys.refused("rope.dimension_count", "is " + rotary + " but llama.cpp requires the head size "
                        + headDim + " for llama");
            }
            fraction = (double) rotary / headDim;
        }
        RopeScaling scaling = ropeScaling();
        return new Rope(theta, localTheta(theta, scaling, mixers), fraction, scaling, h.tensor("rope_freqs.weight").isPresent());
    }

    /**
     * The base of windowed layers. ArchLab gives a layer with its own local base no context scaling: that is
     * Gemma 3 (local base 10000 unless rope.freq_base_swa says otherwise) and OLMo 2, whose sliding layers keep
     * the global base unscaled; gpt-oss and Llama 4 scale their windowed layers like the others.
     */
    private Double localTheta(double theta, RopeScaling scaling, List<Mixer> mixers) {
        boolean windowed = mixers.contains(Mixer.SLIDING) || mixers.contains(Mixer.CHUNKED);
        if (!windowed) {
            return null;
        }
        double local = keys.number("rope.freq_base_swa").orElse(theta);
        return switch (arch) {
            case "gemma3" -> keys.number("rope.freq_base_swa").orElse(GEMMA3_LOCAL_THETA);
            case "olmo2" -> scaling == null ? null : theta;
            case "gpt-oss" -> {
                if (local == theta) {
                    yield null;
                }
                if (scaling != null) {
                    throw keys.refused("rope.freq_base_swa", "is " + local
                            + " with context scaling; llama.cpp scales that local base, ArchLab leaves a local base unscaled");
                }
                yield local;
            }
            case "llama4" -> {
                if (local != theta) {
                    throw keys.refused("rope.freq_base_swa", "is " + local + " but rope.freq_base is " + theta
                            + "; ArchLab's chunked layers use the global base");
                }
                yield null;
            }
            default -> null;
        };
    }

    /** llama.cpp's rope.scaling.* reading: type "linear" unless set, factor 1 unless set. */
    RopeScaling ropeScaling() {
        String type = keys.string("rope.scaling.type").orElse("linear");
        double factor = (keys.present("rope.scaling.factor") ? keys.number("rope.scaling.factor")
                : keys.number("rope.scale_linear")).orElse(0.0);
        if (factor == 0) {
            factor = 1;
        }
        RopeScalingType kind = switch (type) {
            case "none" -> null;
            case "linear" -> factor == 1 ? null : RopeScalingType.LINEAR;
            case "yarn" -> RopeScalingType.YARN;
            case "longrope" -> throw keys.refused("rope.scaling.type", "is longrope, which none of the imported families uses");
            default -> throw keys.refused("rope.scaling.type", "is '" + type + "'; llama.cpp knows none, linear, yarn and longrope");
        };
        refuseGrokYarnOverrides(kind, kind == null ? 1 : factor);
        if (kind == null) {
            return null;
        }
        int original = optionalInt("rope.scaling.original_context_length").orElseGet(() -> intKey("context_length"));
        Double betaFast = null;
        Double betaSlow = null;
        if (arch.equals("grok") && kind == RopeScalingType.YARN) {
            betaFast = keys.number("rope.scaling.yarn_beta_fast").orElse(GROK_YARN_BETA_FAST);
            betaSlow = keys.number("rope.scaling.yarn_beta_slow").orElse(null);
        }
        Double mscale = deepSeekMscale(kind);
        return new RopeScaling(kind, factor, original, null, null, betaFast, betaSlow, mscale, mscale);
    }

    /**
     * DeepSeek-2's rope.scaling.yarn_log_multiplier is 0.1 × mscale_all_dim; llama.cpp takes mscale equal to it.
     * With linear scaling it would still change the score scale, which the spec cannot say.
     */
    private Double deepSeekMscale(RopeScalingType kind) {
        if (!arch.equals("deepseek2")) {
            return null;
        }
        Double multiplier = keys.number("rope.scaling.yarn_log_multiplier").filter(m -> m != 0).orElse(null);
        if (multiplier == null || kind == null) {
            return null;
        }
        if (kind != RopeScalingType.YARN) {
            throw keys.refused("rope.scaling.yarn_log_multiplier", "is set with " + kind + " scaling; only YaRN's magnitude scale is a spec knob");
        }
        return multiplier / 0.1;
    }

    /**
     * Grok reads YaRN overrides. They matter only when frequencies are scaled: then an extrapolation mix other
     * than YaRN's own, or a magnitude factor on unscaled-by-YaRN rotations, has no spec knob.
     */
    private void refuseGrokYarnOverrides(RopeScalingType kind, double factor) {
        if (!arch.equals("grok") || factor == 1) {
            return;
        }
        double automatic = kind == RopeScalingType.YARN ? 1 : 0;
        double extrapolation = keys.number("rope.scaling.yarn_ext_factor").filter(v -> v >= 0).orElse(automatic);
        if (extrapolation != automatic) {
            throw keys.refused("rope.scaling.yarn_ext_factor", "is " + extrapolation + "; only llama.cpp's automatic "
                    + automatic + " is a spec knob");
        }
        double magnitude = keys.number("rope.scaling.yarn_attn_factor").orElse(1.0);
        if (extrapolation == 0 && magnitude != 1) {
            throw keys.refused("rope.scaling.yarn_attn_factor", "is " + magnitude + "; the spec has no factor on the rotated dimensions");
        }
    }

    private List<Mixer> mixers(int layers) {
        List<Boolean> linear = linearLayers(layers);
        List<Boolean> windowed = windowedLayers(layers);
        Mixer windowedMixer = arch.equals("llama4") ? Mixer.CHUNKED : Mixer.SLIDING;
        var perLayer = new ArrayList<Mixer>();
        for (int i = 0; i < layers; i++) {
            perLayer.add(linear.get(i) ? Mixer.LINEAR : windowed.get(i) ? windowedMixer : Mixer.FULL);
        }
        return Patterns.shortest(perLayer);
    }

    /**
     * Which layers are Gated DeltaNet layers. For Qwen3-Next llama.cpp takes attention.recurrent_layers, else
     * every full_attention_interval-th layer (4) is full attention; the file's tensors must agree.
     */
    private List<Boolean> linearLayers(int layers) {
        var inFile = new ArrayList<Boolean>();
        for (int i = 0; i < layers; i++) {
            inFile.add(h.tensor("blk." + i + ".ssm_out.weight").isPresent());
        }
        if (!arch.equals("qwen3next")) {
            return inFile;
        }
        String source = "attention.recurrent_layers";
        List<Boolean> expected = keys.layerFlags(source, intKey("block_count")).map(flags -> flags.subList(0, layers)).orElse(null);
        if (expected == null) {
            source = "full_attention_interval";
            int interval = keys.optionalInt(source).orElse(QWEN3NEXT_FULL_ATTENTION_INTERVAL);
            if (interval == 0) {
                throw keys.refused(source, "must be positive, was 0");
            }
            expected = new ArrayList<>();
            for (int i = 0; i < layers; i++) {
                expected.add((i + 1) % interval != 0);
            }
        }
        for (int i = 0; i < layers; i++) {
            if (!expected.get(i).equals(inFile.get(i))) {
                throw keys.refused(source, "makes layer " + i + (expected.get(i) ? " linear" : " full attention")
                        + " but the file's tensors for it are those of " + (inFile.get(i) ? "a linear" : "a full-attention") + " layer");
            }
        }
        return expected;
    }

    /** Windowed layers: llama.cpp's set_swa_pattern(period): layer i slides iff period is 0 or i mod period < period − 1. */
    private List<Boolean> windowedLayers(int layers) {
        Optional<Integer> period = windowPeriod();
        var perLayer = new ArrayList<Boolean>();
        for (int i = 0; i < layers; i++) {
            int p = period.orElse(-1);
            perLayer.add(period.isPresent() && (p == 0 || i % p < p - 1));
        }
        return perLayer;
    }

    /** The family's window period where it has windowed layers: the scalar sliding_window_pattern or llama.cpp's default. */
    private Optional<Integer> windowPeriod() {
        return switch (arch) {
            case "gemma3" -> slidingWindowOn() ? Optional.of(period(GEMMA3_WINDOW_PERIOD)) : Optional.empty();
            case "olmo2" -> slidingWindowOn() ? Optional.of(period(OLMO2_WINDOW_PERIOD)) : Optional.empty();
            case "gpt-oss" -> {
                keys.requiredInt("attention.sliding_window"); // llama.cpp requires it whatever the pattern
                yield Optional.of(period(GPT_OSS_WINDOW_PERIOD));
            }
            case "llama4" -> {
                if (keys.optionalInt("attention.sliding_window").orElse(-1) == 0) {
                    throw keys.refused("attention.sliding_window", "is 0, llama.cpp's mode without chunked attention; at its commit"
                            + " that mode scales the last layer's queries by an unset attention temperature, so it is not imported");
                }
                yield Optional.of(period(LLAMA4_CHUNK_PERIOD));
            }
            default -> Optional.empty();
        };
    }

    private int period(int familyDefault) {
        return keys.scalarPeriod("attention.sliding_window_pattern").orElse(familyDefault);
    }

    /** Gemma 3 and OLMo 2 slide only where attention.sliding_window is set and positive. */
    private boolean slidingWindowOn() {
        return keys.optionalInt("attention.sliding_window").orElse(0) > 0;
    }

    private Integer slidingWindow() {
        int window = keys.requiredInt("attention.sliding_window");
        if (window == 0) {
            throw keys.refused("attention.sliding_window", "must be positive, was 0");
        }
        return window;
    }

    private List<Boolean> ropePattern(int layers) {
        var perLayer = new ArrayList<Boolean>();
        for (int i = 0; i < layers; i++) {
            perLayer.add(usesRope(i));
        }
        return Patterns.shortest(perLayer);
    }

    /** llama.cpp hard-codes SmolLM3's and (chunked) Llama 4's NoPE layers: every fourth; no key sets it. */
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
            FfnKind inFile = h.tensor("blk." + i + ".ffn_gate_inp.weight").isPresent() ? FfnKind.MOE : FfnKind.DENSE;
            refuseFfnDisagreement(i, inFile);
            perLayer.add(inFile);
        }
        return Patterns.shortest(perLayer);
    }

    /**
     * Where llama.cpp lays a layer's FFN out from a key (Llama 4's interleave_moe_layer_step, DeepSeek-2's and
     * GLM-4.5's leading_dense_block_count), the file's tensors must be that kind, or llama.cpp cannot load it.
     */
    private void refuseFfnDisagreement(int layer, FfnKind inFile) {
        String suffix;
        FfnKind expected;
        switch (arch) {
            case "llama4" -> {
                suffix = "interleave_moe_layer_step";
                int step = keys.requiredInt(suffix);
                expected = step > 0 && (layer + 1) % step == 0 ? FfnKind.MOE : FfnKind.DENSE;
            }
            case "deepseek2", "glm4moe" -> {
                suffix = "leading_dense_block_count";
                expected = layer < keys.optionalInt(suffix).orElse(0) ? FfnKind.DENSE : FfnKind.MOE;
            }
            default -> {
                return;
            }
        }
        if (expected != inFile) {
            throw keys.refused(suffix, "makes layer " + layer + "'s FFN " + expected + " but the file's tensors for it are "
                    + inFile);
        }
    }

    private LinearAttention linearAttention() {
        if (h.tensor("blk.0.ssm_out.weight").isEmpty() && !h.metadata().containsKey(arch + ".ssm.inner_size")) {
            return null;
        }
        int valueHeads = positiveIntKey("ssm.time_step_rank");
        return new LinearAttention(intKey("ssm.group_count"), valueHeads, intKey("ssm.state_size"),
                intKey("ssm.inner_size") / valueHeads, intKey("ssm.conv_kernel"));
    }

    Norm norm() {
        boolean layerNorm = h.tensor("output_norm.bias").isPresent();
        // llama.cpp requires the epsilon: layer_norm_epsilon for GPT-2, layer_norm_rms_epsilon for the others.
        double eps = keys.requiredNumber(arch.equals("gpt2") ? "attention.layer_norm_epsilon" : "attention.layer_norm_rms_epsilon");
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
        return new FeedForward(activation, denseWidth(), bias);
    }

    /** feed_forward_length, which llama.cpp accepts per layer; the spec has one width. */
    private int denseWidth() {
        return keys.uniformInt("feed_forward_length", intKey("block_count"))
                .orElseThrow(() -> new GgufFormatException(keys.name("feed_forward_length"),
                        "metadata key " + keys.name("feed_forward_length") + " is missing", null));
    }

    private MixtureOfExperts moe(boolean anyMoe) {
        if (!anyMoe) {
            return null;
        }
        String block = firstMoeBlock();
        int experts = intKey("expert_count");
        int topK = intKey("expert_used_count");
        int shared = optionalInt("expert_shared_count").orElse(0);
        int expertWidth = optionalInt("expert_feed_forward_length").orElseGet(() -> switch (arch) {
            // llama.cpp's fallbacks where the key is optional; the others require it.
            case "qwen3moe", "qwen3next", "glm4moe" -> denseWidth() / Math.max(1, topK);
            case "grok" -> denseWidth();
            default -> intKey("expert_feed_forward_length");
        });
        int sharedWidth = 0;
        var sharedUp = h.tensor(block + "ffn_up_shexp.weight");
        var denseUp = h.tensor(block + "ffn_up.weight");
        if (sharedUp.isPresent()) {
            shared = Math.max(shared, 1);
            sharedWidth = dimension(sharedUp.get(), 1) / shared;
            refuseSharedWidthDisagreement(sharedWidth);
        } else if (denseUp.isPresent()) {
            // Grok: a dense FFN runs beside the experts in every MoE layer — an always-on shared expert.
            shared = 1;
            sharedWidth = dimension(denseUp.get(), 1);
        }
        // llama.cpp routes by group only when there are more than one; 0 and 1 both mean no groups.
        int groups = Math.max(1, optionalInt("expert_group_count").orElse(1));
        int groupsUsed = groups > 1 ? optionalInt("expert_group_used_count").orElse(1) : 1;
        boolean grokDenseBranch = arch.equals("grok") && sharedUp.isEmpty() && denseUp.isPresent();
        return new MixtureOfExperts(experts, topK, expertWidth, shared, sharedWidth, router(),
                normalizesTopK(), routedScale(), groups, groupsUsed,
                h.tensor(block + "ffn_gate_inp.bias").isPresent(), h.tensor(block + "exp_probs_b.bias").isPresent(),
                h.tensor(block + "ffn_up_exps.bias").isPresent(), h.tensor(block + "ffn_gate_inp_shexp.weight").isPresent(),
                arch.equals("llama4") ? Boolean.TRUE : null, grokDenseBranch ? Math.sqrt(0.5) : null);
    }

    /** Qwen3-Next sizes its shared expert from expert_shared_feed_forward_length; the tensors must agree. */
    private void refuseSharedWidthDisagreement(int widthInFile) {
        if (!arch.equals("qwen3next")) {
            return;
        }
        keys.optionalInt("expert_shared_feed_forward_length").filter(width -> width != widthInFile).ifPresent(width -> {
            throw keys.refused("expert_shared_feed_forward_length", "is " + width + " but the shared expert's tensors are "
                    + widthInFile + " wide");
        });
    }

    /** The gating function each family's llama.cpp graph uses; only DeepSeek-2, GLM-4.5 and MiniMax-M2 read a key. */
    private Router router() {
        return switch (arch) {
            case "deepseek2", "glm4moe", "minimax-m2" -> gatingFunction();
            case "llama4" -> Router.SIGMOID;
            case "gpt-oss", "grok" -> Router.SOFTMAX_SELECTED;
            default -> Router.SOFTMAX;
        };
    }

    /** expert_gating_func: 1 softmax, 2 sigmoid, 3 softmax over the selected; absent (or 0) = the family's default. */
    private Router gatingFunction() {
        String suffix = "expert_gating_func";
        long code = h.integer(keys.name(suffix)).orElse(0L);
        if (code == 0) {
            code = switch (arch) {
                case "deepseek2" -> glm47LiteShape() ? 2 : 1;
                case "glm4moe" -> 2;
                default -> throw keys.refused(suffix, "is missing; llama.cpp has no default for " + arch + " and cannot run such a file");
            };
        }
        if (code == 1) {
            return Router.SOFTMAX;
        }
        if (code == 2) {
            return Router.SIGMOID;
        }
        if (code == 3) {
            return Router.SOFTMAX_SELECTED;
        }
        throw keys.refused(suffix, "is " + code + "; ArchLab routes with softmax (1), sigmoid (2) or softmax over the selected experts (3)");
    }

    private boolean glm47LiteShape() {
        int blocks = intKey("block_count");
        long vocab = optionalInt("vocab_size").map(Integer::longValue)
                .orElseGet(() -> h.metadata().get("tokenizer.ggml.tokens") instanceof List<?> tokens ? (long) tokens.size() : 0L);
        return (blocks == 47 || blocks == 48) && vocab == GLM47_LITE_VOCAB;
    }

    /** Renormalised top-k weights: read by DeepSeek-2 and GLM-4.5, fixed in llama.cpp's graph for the others. */
    private boolean normalizesTopK() {
        return switch (arch) {
            case "deepseek2", "glm4moe" -> keys.bool("expert_weights_norm").orElse(false);
            case "llama", "qwen3moe", "qwen3next", "minimax-m2" -> true;
            // Llama 4 does not; gpt-oss and Grok take a softmax over the selected experts, which sums to one already.
            default -> false;
        };
    }

    /** expert_weights_scale: read by DeepSeek-2 and GLM-4.5 only; llama.cpp treats 0 as 1. */
    private double routedScale() {
        return switch (arch) {
            case "deepseek2", "glm4moe" -> keys.number("expert_weights_scale").filter(scale -> scale != 0).orElse(1.0);
            default -> 1.0;
        };
    }

    private Output output() {
        Double softcap = switch (arch) {
            case "gemma3", "grok" -> keys.number("final_logit_softcapping").filter(cap -> cap != 0).orElse(null);
            default -> null;
        };
        Double scale = arch.equals("grok") ? keys.number("logit_scale").orElse(GROK_LOGIT_SCALE) : null;
        return softcap == null && scale == null ? Output.PLAIN : new Output(softcap, scale);
    }

    /** The dtype most of the weight elements are stored in. */
    Dtype weightDtype() {
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

    GgufTensorInfo tensor(String name) {
        return h.tensor(name).orElseThrow(() -> new GgufFormatException("tensor " + name + " is missing"));
    }

    int intKey(String suffix) {
        return keys.requiredInt(suffix);
    }

    /** A key the importer divides by. */
    int positiveIntKey(String suffix) {
        return keys.positiveInt(suffix);
    }

    Optional<Integer> optionalInt(String suffix) {
        return keys.optionalInt(suffix);
    }

    static int dimension(GgufTensorInfo tensor, int d) {
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
