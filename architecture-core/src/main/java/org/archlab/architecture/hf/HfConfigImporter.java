package org.archlab.architecture.hf;

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
import org.archlab.architecture.spec.MultiTokenPrediction;
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
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.archlab.architecture.hf.HfFamily.*;

/**
 * Maps a Hugging Face {@code config.json} of a catalog family to an {@link ArchitectureSpec}. Keys that
 * families share are read once; where a family gives a key its own meaning (gpt-oss's
 * {@code intermediate_size} is the expert size) or leaves facts implicit in its modelling code (Gemma's
 * sandwich norms, Qwen3's QK-norm), the family decides. Multimodal configs are read from {@code text_config}.
 *
 * <p>Gemma 3n ({@code gemma3n_text}) brings its own knobs: per-layer inputs, AltUp streams, LAuReL, KV sharing and
 * activation sparsity. Keys it leaves out take the defaults of transformers' {@code Gemma3nTextConfig} (those of
 * E4B). Its {@code altup_coef_clip} is a clamp used in training only and is ignored.
 */
public final class HfConfigImporter {

    private HfConfigImporter() {
    }

    public static ArchitectureSpec importConfig(JsonNode json) {
        var config = new ConfigReader(json);
        var text = config.object("text_config");
        if (text != null) {
            return importConfig(json.get("text_config"));
        }
        String modelType = config.text("model_type", null);
        if (modelType == null) {
            config.failIfAny();
            throw new HfConfigException("model_type", "is required");
        }
        HfFamily family = HfFamily.ofModelType(modelType);
        ArchitectureSpec spec;
        try {
            spec = new Mapping(family, config).spec();
        } catch (HfConfigException e) {
            config.problems(e);
            config.failIfAny();
            throw e;
        } catch (RuntimeException e) {
            // A stand-in value for a key already reported can make a later step fail; the reported keys are the cause.
            config.failIfAny();
            throw e;
        }
        config.failIfAny();
        return spec;
    }

    /** One config's mapping; fields hold what several parts of the spec need. */
    private static final class Mapping {
        private final HfFamily family;
        private final ConfigReader c;
        private final int hidden;
        private final int layers;

        Mapping(HfFamily family, ConfigReader config) {
            this.family = family;
            this.c = config;
            this.hidden = c.positive(family == GPT2 ? "n_embd" : "hidden_size");
            int declared = c.positive(family == GPT2 ? "n_layer" : "num_hidden_layers");
            if (declared > 4096) {
                c.problem(family == GPT2 ? "n_layer" : "num_hidden_layers", "must be between 1 and 4096");
            }
            this.layers = Math.min(declared, 4096);
        }

        ArchitectureSpec spec() {
            if (family == GPT2) {
                return gpt2();
            }
            var schedule = new LayerSchedule(mixers(), ropePattern(), ffnPattern(), leadingDense(), kvSharedLayers());
            return new ArchitectureSpec(
                    family.family,
                    c.positive("vocab_size"),
                    hidden,
                    layers,
                    c.integer("max_position_embeddings"),
                    embeddings(),
                    attention(schedule),
                    rope(),
                    linearAttention(),
                    schedule,
                    norm(),
                    feedForward(),
                    moe(),
                    mtp(),
                    output(),
                    dtype(),
                    perLayerInputs(),
                    residualStreams(),
                    lowRankResidual(),
                    activationSparsity());
        }

        private Integer kvSharedLayers() {
            if (family != GEMMA3N) {
                return null;
            }
            int shared = c.integer("num_kv_shared_layers", 15);
            return shared == 0 ? null : shared;
        }

        private PerLayerInputs perLayerInputs() {
            if (family != GEMMA3N) {
                return null;
            }
            return new PerLayerInputs(c.integer("hidden_size_per_layer_input", 256), c.integer("vocab_size_per_layer_input", 262144));
        }

        private ResidualStreams residualStreams() {
            if (family != GEMMA3N) {
                return null;
            }
            return new ResidualStreams(c.integer("altup_num_inputs", 4), c.integer("altup_active_idx", 0),
                    c.bool("altup_correct_scale", true));
        }

        private LowRankResidual lowRankResidual() {
            return family == GEMMA3N ? new LowRankResidual(c.integer("laurel_rank", 64)) : null;
        }

        /**
         * Gemma 3n lists a sparsity per layer; the spec holds "the first n layers at s", so the list must be
         * {@code [s] × n + [0] × (layers − n)}. Absent, transformers' default applies: 0.95 on the first 10 layers
         * of a model with more than 10.
         */
        private ActivationSparsity activationSparsity() {
            if (family != GEMMA3N) {
                return null;
            }
            List<Double> pattern = c.list("activation_sparsity_pattern", node -> {
                if (!node.isNumber()) {
                    throw new IllegalArgumentException();
                }
                return node.doubleValue();
            });
            if (pattern == null) {
                return layers > 10 ? new ActivationSparsity(10, 0.95) : null;
            }
            requireLength("activation_sparsity_pattern", pattern);
            int sparse = 0;
            while (sparse < pattern.size() && pattern.get(sparse) != 0) {
                sparse++;
            }
            for (int i = sparse; i < pattern.size(); i++) {
                if (pattern.get(i) != 0) {
                    throw new HfConfigException("activation_sparsity_pattern", "must be one sparsity for the first layers "
                            + "and 0 for the rest ([s] × n + [0] × (layers − n)); layer " + i + " is " + pattern.get(i)
                            + " after a dense layer");
                }
            }
            for (int i = 1; i < sparse; i++) {
                if (!pattern.get(i).equals(pattern.get(0))) {
                    throw new HfConfigException("activation_sparsity_pattern", "the sparse layers must share one sparsity; "
                            + "layer 0 has " + pattern.get(0) + ", layer " + i + " has " + pattern.get(i));
                }
            }
            return sparse == 0 ? null : new ActivationSparsity(sparse, pattern.get(0));
        }

        private ArchitectureSpec gpt2() {
            int heads = c.positive("n_head");
            int headDim = hidden / heads;
            var attention = new Attention(heads, heads, headDim, headDim, QkNorm.NONE, true, true, false, false,
                    null, null, null, null, null, null);
            return new ArchitectureSpec(family.family, c.positive("vocab_size"), hidden, layers, c.integer("n_positions"),
                    new Embeddings(c.bool("tie_word_embeddings", true), null, false, c.integer("n_positions")),
                    attention, null, null,
                    new LayerSchedule(List.of(Mixer.FULL), List.of(false), List.of(FfnKind.DENSE), 0),
                    new Norm(NormKind.LAYER, c.number("layer_norm_epsilon", 1e-5), NormPlacement.PRE, false),
                    new FeedForward(Activation.GELU, c.integer("n_inner", 4 * hidden), true),
                    null, null, Output.PLAIN, dtype(), null, null, null, null);
        }

        private int heads() {
            return c.positive("num_attention_heads");
        }

        private int headDim() {
            return c.integer("head_dim", hidden / heads());
        }

        private Embeddings embeddings() {
            boolean tiedByDefault = family.gemmaStyle();
            Double scale = family == GROK ? c.optionalNumber("embedding_multiplier_scale") : null;
            return new Embeddings(c.bool("tie_word_embeddings", tiedByDefault), scale, family.gemmaStyle(), 0);
        }

        private Attention attention(LayerSchedule schedule) {
            boolean anySoftmax = schedule.mixers().stream().anyMatch(m -> m != Mixer.LINEAR);
            if (!anySoftmax) {
                return null;
            }
            int heads = heads();
            LatentAttentionShape mla = null;
            if (family.deepseekStyle()) {
                mla = new LatentAttentionShape(c.integer("q_lora_rank", 0), c.integer("kv_lora_rank"),
                        c.integer("qk_nope_head_dim"), c.integer("qk_rope_head_dim"), c.integer("v_head_dim"));
            }
            int kvHeads = c.integer("num_key_value_heads", heads);
            int headDim = mla != null ? mla.queryHeadDim() : headDim();
            int valueDim = mla != null ? mla.valueHeadDim() : headDim;
            boolean bias = c.bool("attention_bias", false);
            boolean sliding = schedule.mixers().contains(Mixer.SLIDING);
            Integer window = sliding ? c.optionalInteger("sliding_window") : null;
            if (sliding && window == null) {
                throw new HfConfigException("sliding_window", "is required when layers slide");
            }
            Integer chunk = schedule.mixers().contains(Mixer.CHUNKED) ? c.integer("attention_chunk_size") : null;
            Double queryScale = family == GEMMA3 && c.has("query_pre_attn_scalar")
                    ? 1 / Math.sqrt(c.number("query_pre_attn_scalar", 0)) : null;
            if (family == GROK) {
                queryScale = c.optionalNumber("attn_output_multiplier");
            }
            if (family == GEMMA3N) {
                // Gemma 3n scores q·k unscaled (its normed queries and keys take the place of 1/√d).
                queryScale = 1.0;
            }
            Double softcap = c.optionalNumber("attn_logit_softcapping");
            return new Attention(heads, kvHeads, headDim, valueDim, qkNorm(), bias,
                    bias && family != GLM4_MOE, family == GPT_OSS, family == QWEN3_NEXT,
                    softcap, queryScale, window, chunk, mla, family == GEMMA3N ? Boolean.TRUE : null);
        }

        private QkNorm qkNorm() {
            return switch (family) {
                case QWEN3, QWEN3_MOE, QWEN3_NEXT, GEMMA3, GEMMA3N -> QkNorm.PER_HEAD;
                case OLMO2 -> QkNorm.PER_LAYER;
                case GLM4_MOE -> c.bool("use_qk_norm", false) ? QkNorm.PER_HEAD : QkNorm.NONE;
                case LLAMA4 -> c.bool("use_qk_norm", false) ? QkNorm.L2 : QkNorm.NONE;
                case MINIMAX_M2 -> !c.bool("use_qk_norm", false) ? QkNorm.NONE
                        : "per_head".equals(c.text("qk_norm_type", "per_layer")) ? QkNorm.PER_HEAD : QkNorm.PER_LAYER;
                default -> QkNorm.NONE;
            };
        }

        private Rope rope() {
            double fraction = c.number("partial_rotary_factor", 1.0);
            if (family == MINIMAX_M2 && c.has("rotary_dim")) {
                fraction = (double) c.integer("rotary_dim", 0) / headDim();
            }
            Double local = family == GEMMA3 ? c.optionalNumber("rope_local_base_freq")
                    : family == GEMMA3N ? (Double) c.number("rope_local_base_freq", 10000) : null;
            return new Rope(c.number("rope_theta", family == GEMMA3N ? 1_000_000 : 10000), local, fraction, ropeScaling(), false);
        }

        private RopeScaling ropeScaling() {
            var s = c.object("rope_scaling");
            if (s == null) {
                return null;
            }
            String type = s.text("rope_type", s.text("type", "default"));
            RopeScalingType kind = switch (type) {
                case "default" -> null;
                case "linear" -> RopeScalingType.LINEAR;
                case "llama3" -> RopeScalingType.LLAMA3;
                case "yarn" -> RopeScalingType.YARN;
                default -> throw new HfConfigException("rope_scaling.rope_type", "'" + type + "' is not supported (linear, llama3, yarn)");
            };
            if (kind == null) {
                return null;
            }
            return new RopeScaling(kind, s.number("factor", 1), s.optionalInteger("original_max_position_embeddings"),
                    s.optionalNumber("low_freq_factor"), s.optionalNumber("high_freq_factor"),
                    s.optionalNumber("beta_fast"), s.optionalNumber("beta_slow"),
                    s.optionalNumber("mscale"), s.optionalNumber("mscale_all_dim"));
        }

        private List<Mixer> mixers() {
            List<Mixer> explicit = c.list("layer_types", node -> switch (node.stringValue()) {
                case "full_attention" -> Mixer.FULL;
                case "sliding_attention" -> Mixer.SLIDING;
                case "chunked_attention" -> Mixer.CHUNKED;
                case "linear_attention" -> Mixer.LINEAR;
                default -> throw new IllegalArgumentException(node.toString());
            });
            if (explicit != null) {
                requireLength("layer_types", explicit);
                return Patterns.shortest(explicit);
            }
            return switch (family) {
                case GEMMA3 -> Patterns.everyNth(Mixer.SLIDING, Mixer.FULL, c.integer("sliding_window_pattern", 6));
                case GEMMA3N -> Patterns.everyNth(Mixer.SLIDING, Mixer.FULL, 5);
                case QWEN3_NEXT -> Patterns.everyNth(Mixer.LINEAR, Mixer.FULL, c.integer("full_attention_interval", 4));
                case LLAMA4 -> {
                    Mixer ropeLayers = c.has("attention_chunk_size") ? Mixer.CHUNKED : Mixer.FULL;
                    yield Patterns.shortest(ropePattern().stream().map(r -> r ? ropeLayers : Mixer.FULL).toList());
                }
                case MISTRAL -> c.has("sliding_window") ? List.of(Mixer.SLIDING) : List.of(Mixer.FULL);
                case QWEN3, QWEN3_MOE -> qwenSlidingLayers();
                case MINIMAX_M2 -> {
                    List<Integer> types = c.list("attn_type_list", JsonNode::intValue);
                    if (types != null && types.contains(0)) {
                        throw new HfConfigException("attn_type_list", "lightning (linear) attention layers are not supported");
                    }
                    yield List.of(Mixer.FULL);
                }
                default -> List.of(Mixer.FULL);
            };
        }

        /** Qwen slides on layers from max_window_layers on, and only with use_sliding_window. */
        private List<Mixer> qwenSlidingLayers() {
            if (!c.bool("use_sliding_window", false) || !c.has("sliding_window")) {
                return List.of(Mixer.FULL);
            }
            int from = c.integer("max_window_layers", layers);
            var perLayer = new ArrayList<Mixer>();
            for (int i = 0; i < layers; i++) {
                perLayer.add(i >= from ? Mixer.SLIDING : Mixer.FULL);
            }
            return Patterns.shortest(perLayer);
        }

        private List<Boolean> ropePattern() {
            List<Boolean> explicit = c.list("no_rope_layers", node -> {
                if (!node.isIntegralNumber() || (node.intValue() != 0 && node.intValue() != 1)) {
                    throw new IllegalArgumentException();
                }
                return node.intValue() == 1;
            });
            if (explicit != null) {
                if (explicit.size() < layers) {
                    throw new HfConfigException("no_rope_layers", "lists " + explicit.size() + " layers, the model has " + layers);
                }
                return Patterns.shortest(explicit.subList(0, layers));
            }
            if (family == LLAMA4 || family == SMOLLM3) {
                int interval = c.integer("no_rope_layer_interval", 4);
                return Patterns.everyNth(true, false, interval);
            }
            return List.of(true);
        }

        private List<FfnKind> ffnPattern() {
            return switch (family) {
                case DEEPSEEK, KIMI_K2, GLM4_MOE -> {
                    int frequency = c.integer("moe_layer_freq", 1);
                    var pattern = new ArrayList<FfnKind>();
                    pattern.add(FfnKind.MOE);
                    for (int i = 1; i < frequency; i++) {
                        pattern.add(FfnKind.DENSE);
                    }
                    yield List.copyOf(pattern);
                }
                case QWEN3_MOE, QWEN3_NEXT -> {
                    List<Integer> denseOnly = c.list("mlp_only_layers", JsonNode::intValue);
                    int step = c.integer("decoder_sparse_step", 1);
                    var perLayer = new ArrayList<FfnKind>();
                    for (int i = 0; i < layers; i++) {
                        boolean moe = (denseOnly == null || !denseOnly.contains(i)) && (i + 1) % step == 0;
                        perLayer.add(moe ? FfnKind.MOE : FfnKind.DENSE);
                    }
                    yield Patterns.shortest(perLayer);
                }
                case LLAMA4 -> Patterns.everyNth(FfnKind.DENSE, FfnKind.MOE, c.integer("interleave_moe_layer_step", 1));
                case GPT_OSS, MINIMAX_M2, GROK -> List.of(FfnKind.MOE);
                default -> List.of(FfnKind.DENSE);
            };
        }

        private int leadingDense() {
            return Set.of(DEEPSEEK, KIMI_K2, GLM4_MOE).contains(family) ? c.integer("first_k_dense_replace", 0) : 0;
        }

        private LinearAttention linearAttention() {
            if (family != QWEN3_NEXT) {
                return null;
            }
            return new LinearAttention(c.integer("linear_num_key_heads"), c.integer("linear_num_value_heads"),
                    c.integer("linear_key_head_dim"), c.integer("linear_value_head_dim"), c.integer("linear_conv_kernel_dim"));
        }

        private Norm norm() {
            NormPlacement placement = switch (family) {
                case OLMO2 -> NormPlacement.POST;
                case GEMMA3, GEMMA3N, GROK -> NormPlacement.SANDWICH;
                default -> NormPlacement.PRE;
            };
            double eps = c.number("rms_norm_eps", 1e-6);
            // Gemma 3n's RMSNorm multiplies by its weight (initialised to ones), not by 1 + weight as Gemma 3's does.
            return new Norm(NormKind.RMS, eps, placement, family == GEMMA3 || family == QWEN3_NEXT);
        }

        private FeedForward feedForward() {
            Activation activation = switch (family) {
                case GEMMA3, GEMMA3N, GROK -> Activation.GEGLU;
                case GPT_OSS -> Activation.SWIGLU_OAI;
                default -> Activation.SWIGLU;
            };
            String key = family == LLAMA4 ? "intermediate_size_mlp" : "intermediate_size";
            int width = family == GEMMA3N ? uniformIntermediateSize() : c.integer(key);
            return new FeedForward(activation, width, c.bool("mlp_bias", false));
        }

        /**
         * Gemma 3n's configs list a width per layer (MatFormer slices may differ per layer); the spec has one width,
         * so a list is accepted only when every entry is the same.
         */
        private int uniformIntermediateSize() {
            if (!c.has("intermediate_size")) {
                return 16384;
            }
            if (!c.isArray("intermediate_size")) {
                return c.integer("intermediate_size");
            }
            List<Integer> widths = c.list("intermediate_size", node -> {
                if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                    throw new IllegalArgumentException();
                }
                return node.intValue();
            });
            if (widths.size() != layers && widths.size() != 1) {
                throw new HfConfigException("intermediate_size", "lists " + widths.size() + " layers, the model has " + layers);
            }
            if (widths.stream().distinct().count() > 1) {
                throw new HfConfigException("intermediate_size", "differs between layers " + widths.stream().distinct().toList()
                        + "; ArchLab's spec has one feed-forward width for every layer");
            }
            return widths.isEmpty() ? 1 : widths.getFirst();
        }

        private MixtureOfExperts moe() {
            return switch (family) {
                case QWEN3_MOE -> new MixtureOfExperts(c.integer("num_experts"), c.integer("num_experts_per_tok"),
                        c.integer("moe_intermediate_size"), 0, 0, Router.SOFTMAX, c.bool("norm_topk_prob", false),
                        1.0, 1, 1, false, false, false, false, null, null);
                case QWEN3_NEXT -> new MixtureOfExperts(c.integer("num_experts"), c.integer("num_experts_per_tok"),
                        c.integer("moe_intermediate_size"), 1, c.integer("shared_expert_intermediate_size"), Router.SOFTMAX,
                        c.bool("norm_topk_prob", true), 1.0, 1, 1, false, false, false, true, null, null);
                case DEEPSEEK, KIMI_K2, GLM4_MOE -> {
                    Router router = "softmax".equals(c.text("scoring_func", "sigmoid")) ? Router.SOFTMAX : Router.SIGMOID;
                    boolean selectionBias = family == GLM4_MOE || "noaux_tc".equals(c.text("topk_method", "noaux_tc"));
                    int shared = c.integer("n_shared_experts", 0);
                    yield new MixtureOfExperts(c.integer("n_routed_experts"), c.integer("num_experts_per_tok"),
                            c.integer("moe_intermediate_size"), shared, shared > 0 ? c.integer("moe_intermediate_size") : 0,
                            router, c.bool("norm_topk_prob", false), c.number("routed_scaling_factor", 1.0),
                            c.integer("n_group", 1), c.integer("topk_group", 1), false, selectionBias, false, false, null, null);
                }
                case GPT_OSS -> new MixtureOfExperts(c.integer("num_local_experts"), c.integer("num_experts_per_tok"),
                        c.integer("intermediate_size"), 0, 0, Router.SOFTMAX_SELECTED, false, 1.0, 1, 1,
                        true, false, true, false, null, null);
                case LLAMA4 -> new MixtureOfExperts(c.integer("num_local_experts"), c.integer("num_experts_per_tok"),
                        c.integer("intermediate_size"), 1, c.integer("intermediate_size"), Router.SIGMOID, false, 1.0,
                        1, 1, false, false, false, false, true, null);
                case MINIMAX_M2 -> {
                    int shared = c.integer("shared_intermediate_size", 0);
                    Router router = "softmax".equals(c.text("scoring_func", "sigmoid")) ? Router.SOFTMAX : Router.SIGMOID;
                    yield new MixtureOfExperts(c.integer("num_local_experts"), c.integer("num_experts_per_tok"),
                            c.integer("intermediate_size"), shared > 0 ? 1 : 0, shared, router, true, 1.0, 1, 1,
                            false, c.bool("use_routing_bias", false), false, false, null, null);
                }
                case GROK -> new MixtureOfExperts(c.integer("num_local_experts"), c.integer("num_experts_per_tok"),
                        c.integer("moe_intermediate_size"), 1, c.integer("intermediate_size"), Router.SOFTMAX_SELECTED,
                        false, 1.0, 1, 1, false, false, false, false, null, Math.sqrt(0.5));
                default -> null;
            };
        }

        private MultiTokenPrediction mtp() {
            if (family.deepseekStyle() || family == GLM4_MOE) {
                int n = c.integer("num_nextn_predict_layers", 0);
                return n > 0 ? new MultiTokenPrediction(n, 1) : null;
            }
            if (family == MINIMAX_M2 && c.bool("use_mtp", false)) {
                return new MultiTokenPrediction(c.integer("num_mtp_modules", 1), c.integer("mtp_transformer_layers", 1));
            }
            return null;
        }

        private Output output() {
            Double softcap = c.optionalNumber("final_logit_softcapping");
            Double scale = family == GROK ? c.optionalNumber("output_multiplier_scale") : null;
            return softcap == null && scale == null ? Output.PLAIN : new Output(softcap, scale);
        }

        private Dtype dtype() {
            String name = c.text("torch_dtype", c.text("dtype", "bfloat16"));
            return switch (name) {
                case "float32" -> Dtype.F32;
                case "float16" -> Dtype.F16;
                case "bfloat16" -> Dtype.BF16;
                default -> throw new HfConfigException("torch_dtype", "'" + name + "' is not supported (float32, float16, bfloat16)");
            };
        }

        private void requireLength(String key, List<?> perLayer) {
            if (perLayer.size() != layers) {
                throw new HfConfigException(key, "lists " + perLayer.size() + " layers, the model has " + layers);
            }
        }
    }
}
