package org.archlab.architecture.hf;

import org.archlab.architecture.json.SpecJson;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Attention;
import org.archlab.architecture.spec.FfnKind;
import org.archlab.architecture.spec.LayerPlan;
import org.archlab.architecture.spec.Mixer;
import org.archlab.architecture.spec.MixtureOfExperts;
import org.archlab.architecture.spec.Patterns;
import org.archlab.architecture.spec.QkNorm;
import org.archlab.architecture.spec.RopeScaling;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

import static org.archlab.architecture.hf.HfFamily.*;

/**
 * Writes a spec as the Hugging Face {@code config.json} of its family, with the family's own key names
 * and meanings, so that {@link HfConfigImporter} reads back the same spec. A spec whose family is not a
 * Hugging Face family (a user's own) is written in the keys of the closest one, Llama's.
 */
public final class HfConfigExporter {

    private HfConfigExporter() {
    }

    public static ObjectNode export(ArchitectureSpec spec) {
        HfFamily family = HfFamily.ofFamily(spec.family()).orElse(LLAMA3);
        return new Writer(spec, family).config();
    }

    private static final class Writer {
        private final ArchitectureSpec s;
        private final HfFamily family;
        private final ObjectNode c = SpecJson.mapper().createObjectNode();

        Writer(ArchitectureSpec spec, HfFamily family) {
            this.s = spec;
            this.family = family;
        }

        ObjectNode config() {
            c.putArray("architectures").add(family.architecture);
            c.put("model_type", family.modelType);
            if (family == GPT2) {
                gpt2();
                return c;
            }
            c.put("vocab_size", s.vocabSize());
            c.put("hidden_size", s.hiddenSize());
            c.put("num_hidden_layers", s.layers());
            c.put("max_position_embeddings", s.maxContext());
            c.put("tie_word_embeddings", s.embeddings().tied());
            c.put("rms_norm_eps", s.norm().eps());
            c.put("torch_dtype", torchDtype());
            if (family == GROK && s.embeddings().scale() != null) {
                c.put("embedding_multiplier_scale", s.embeddings().scale());
            }
            if (s.output().logitSoftcap() != null) {
                c.put("final_logit_softcapping", s.output().logitSoftcap());
            }
            if (family == GROK && s.output().logitScale() != null) {
                c.put("output_multiplier_scale", s.output().logitScale());
            }
            attention();
            rope();
            schedule();
            feedForward();
            moe();
            linearAttention();
            mtp();
            gemma3n();
            return c;
        }

        /** Gemma 3n's own keys, as its config.json spells them (a sparsity and a width per layer). */
        private void gemma3n() {
            if (family != GEMMA3N) {
                return;
            }
            var schedule = s.schedule();
            c.put("num_kv_shared_layers", schedule.sharedKvLayerCount());
            if (s.perLayerInputs() != null) {
                c.put("hidden_size_per_layer_input", s.perLayerInputs().width());
                c.put("vocab_size_per_layer_input", s.perLayerInputs().vocabSize());
            }
            if (s.residualStreams() != null) {
                c.put("altup_num_inputs", s.residualStreams().streams());
                c.put("altup_active_idx", s.residualStreams().activeStream());
                c.put("altup_correct_scale", s.residualStreams().scaledCorrection());
            }
            if (s.lowRankResidual() != null) {
                c.put("laurel_rank", s.lowRankResidual().rank());
            }
            ArrayNode sparsity = c.putArray("activation_sparsity_pattern");
            s.layerPlans().forEach(p -> sparsity.add(p.gateSparsity() == null ? 0.0 : p.gateSparsity()));
            if (s.feedForward() != null) {
                ArrayNode widths = c.putArray("intermediate_size");
                s.layerPlans().forEach(p -> widths.add(s.feedForward().intermediateSize()));
            }
        }

        private void gpt2() {
            c.put("vocab_size", s.vocabSize());
            c.put("n_embd", s.hiddenSize());
            c.put("n_layer", s.layers());
            c.put("n_head", s.attention().heads());
            c.put("n_positions", s.embeddings().learnedPositions());
            c.put("n_ctx", s.maxContext());
            c.put("n_inner", s.feedForward().intermediateSize());
            c.put("layer_norm_epsilon", s.norm().eps());
            c.put("activation_function", "gelu_new");
            c.put("tie_word_embeddings", s.embeddings().tied());
            c.put("torch_dtype", torchDtype());
        }

        private String torchDtype() {
            return switch (s.defaultDtype()) {
                case F32 -> "float32";
                case F16 -> "float16";
                default -> "bfloat16";
            };
        }

        private void attention() {
            Attention a = s.attention();
            if (a == null) {
                return;
            }
            c.put("num_attention_heads", a.heads());
            if (a.isLatent()) {
                var m = a.mla();
                c.put("num_key_value_heads", a.kvHeads());
                c.put("q_lora_rank", m.queryLoraRank() == 0 ? null : m.queryLoraRank());
                c.put("kv_lora_rank", m.kvLoraRank());
                c.put("qk_nope_head_dim", m.qkNopeHeadDim());
                c.put("qk_rope_head_dim", m.qkRopeHeadDim());
                c.put("v_head_dim", m.valueHeadDim());
            } else {
                c.put("num_key_value_heads", a.kvHeads());
                c.put("head_dim", a.headDim());
            }
            c.put("attention_bias", a.qkvBias());
            if (a.slidingWindow() != null) {
                c.put("sliding_window", a.slidingWindow());
            }
            if (a.chunkSize() != null) {
                c.put("attention_chunk_size", a.chunkSize());
            }
            if (a.logitSoftcap() != null) {
                c.put("attn_logit_softcapping", a.logitSoftcap());
            }
            if (a.queryScale() != null) {
                if (family == GEMMA3) {
                    double scalar = 1 / (a.queryScale() * a.queryScale());
                    // 1/sqrt(168) squared back is 168.00000000000003; write the integer the vendor wrote.
                    if (Math.abs(scalar - Math.rint(scalar)) < 1e-6) {
                        c.put("query_pre_attn_scalar", (long) Math.rint(scalar));
                    } else {
                        c.put("query_pre_attn_scalar", scalar);
                    }
                } else if (family == GROK) {
                    c.put("attn_output_multiplier", a.queryScale());
                }
            }
            switch (family) {
                case GLM4_MOE -> c.put("use_qk_norm", a.qkNorm() == QkNorm.PER_HEAD);
                case LLAMA4 -> c.put("use_qk_norm", a.qkNorm() == QkNorm.L2);
                case MINIMAX_M2 -> {
                    c.put("use_qk_norm", a.qkNorm() != QkNorm.NONE);
                    c.put("qk_norm_type", a.qkNorm() == QkNorm.PER_HEAD ? "per_head" : "per_layer");
                }
                default -> {
                }
            }
        }

        private void rope() {
            if (s.rope() == null) {
                return;
            }
            c.put("rope_theta", s.rope().theta());
            if (s.rope().localTheta() != null) {
                c.put("rope_local_base_freq", s.rope().localTheta());
            }
            if (s.rope().rotaryFraction() != 1.0) {
                if (family == MINIMAX_M2) {
                    c.put("rotary_dim", Math.round(s.attention().headDim() * s.rope().rotaryFraction()));
                } else {
                    c.put("partial_rotary_factor", s.rope().rotaryFraction());
                }
            }
            RopeScaling r = s.rope().scaling();
            if (r == null) {
                c.putNull("rope_scaling");
                return;
            }
            ObjectNode scaling = c.putObject("rope_scaling");
            scaling.put("rope_type", r.type().name().toLowerCase());
            scaling.put("factor", r.factor());
            putIfSet(scaling, "original_max_position_embeddings", r.originalMaxPositions());
            putIfSet(scaling, "low_freq_factor", r.lowFreqFactor());
            putIfSet(scaling, "high_freq_factor", r.highFreqFactor());
            putIfSet(scaling, "beta_fast", r.betaFast());
            putIfSet(scaling, "beta_slow", r.betaSlow());
            putIfSet(scaling, "mscale", r.mscale());
            putIfSet(scaling, "mscale_all_dim", r.mscaleAllDim());
        }

        private void schedule() {
            List<LayerPlan> plans = s.layerPlans();
            boolean allFull = plans.stream().allMatch(p -> p.mixer() == Mixer.FULL);
            if (!allFull) {
                ArrayNode types = c.putArray("layer_types");
                plans.forEach(p -> types.add(switch (p.mixer()) {
                    case FULL -> "full_attention";
                    case SLIDING -> "sliding_attention";
                    case CHUNKED -> "chunked_attention";
                    case LINEAR -> "linear_attention";
                }));
            }
            if (family == QWEN3_NEXT) {
                c.put("full_attention_interval", s.schedule().mixers().size());
            }
            if (plans.stream().anyMatch(p -> !p.rope())) {
                ArrayNode rope = c.putArray("no_rope_layers");
                plans.forEach(p -> rope.add(p.rope() ? 1 : 0));
            }
            List<FfnKind> ffn = s.schedule().ffn();
            switch (family) {
                case DEEPSEEK, KIMI_K2, GLM4_MOE -> {
                    c.put("first_k_dense_replace", s.schedule().leadingDenseLayers());
                    c.put("moe_layer_freq", ffn.size());
                }
                case LLAMA4 -> c.put("interleave_moe_layer_step", ffn.size());
                case QWEN3_MOE, QWEN3_NEXT -> {
                    c.put("decoder_sparse_step", 1);
                    ArrayNode dense = c.putArray("mlp_only_layers");
                    plans.stream().filter(p -> p.ffn() == FfnKind.DENSE).forEach(p -> dense.add(p.index()));
                }
                default -> {
                }
            }
        }

        private void feedForward() {
            if (s.feedForward() == null) {
                return;
            }
            c.put(family == LLAMA4 ? "intermediate_size_mlp" : "intermediate_size", s.feedForward().intermediateSize());
            c.put("mlp_bias", s.feedForward().bias());
            c.put(family.gemmaStyle() ? "hidden_activation" : "hidden_act", switch (s.feedForward().activation()) {
                case GEGLU -> "gelu_pytorch_tanh";
                case GELU -> "gelu_new";
                default -> "silu";
            });
        }

        private void moe() {
            MixtureOfExperts m = s.moe();
            if (m == null) {
                return;
            }
            c.put("num_experts_per_tok", m.topK());
            switch (family) {
                case QWEN3_MOE, QWEN3_NEXT -> {
                    c.put("num_experts", m.experts());
                    c.put("moe_intermediate_size", m.expertIntermediateSize());
                    c.put("norm_topk_prob", m.normalizeTopK());
                    if (family == QWEN3_NEXT) {
                        c.put("shared_expert_intermediate_size", m.sharedExpertIntermediateSize());
                    }
                }
                case DEEPSEEK, KIMI_K2, GLM4_MOE -> {
                    c.put("n_routed_experts", m.experts());
                    c.put("n_shared_experts", m.sharedExperts());
                    c.put("moe_intermediate_size", m.expertIntermediateSize());
                    c.put("norm_topk_prob", m.normalizeTopK());
                    c.put("routed_scaling_factor", m.routedScalingFactor());
                    c.put("n_group", m.groups());
                    c.put("topk_group", m.groupsPerToken());
                    c.put("scoring_func", m.router() == org.archlab.architecture.spec.Router.SIGMOID ? "sigmoid" : "softmax");
                    c.put("topk_method", m.selectionBias() ? "noaux_tc" : "greedy");
                }
                case GPT_OSS -> {
                    c.put("num_local_experts", m.experts());
                    c.put("experts_per_token", m.topK());
                    c.put("intermediate_size", m.expertIntermediateSize());
                }
                case LLAMA4 -> {
                    c.put("num_local_experts", m.experts());
                    c.put("intermediate_size", m.expertIntermediateSize());
                }
                case MINIMAX_M2 -> {
                    c.put("num_local_experts", m.experts());
                    c.put("intermediate_size", m.expertIntermediateSize());
                    c.put("shared_intermediate_size", m.sharedExperts() * m.sharedExpertIntermediateSize());
                    c.put("scoring_func", m.router() == org.archlab.architecture.spec.Router.SIGMOID ? "sigmoid" : "softmax");
                    c.put("use_routing_bias", m.selectionBias());
                }
                case GROK -> {
                    c.put("num_local_experts", m.experts());
                    c.put("moe_intermediate_size", m.expertIntermediateSize());
                    c.put("intermediate_size", m.sharedExpertIntermediateSize());
                    c.put("residual_moe", m.sharedExperts() > 0);
                }
                default -> {
                    c.put("num_local_experts", m.experts());
                    c.put("moe_intermediate_size", m.expertIntermediateSize());
                }
            }
        }

        private void linearAttention() {
            var l = s.linearAttention();
            if (l == null) {
                return;
            }
            c.put("linear_num_key_heads", l.keyHeads());
            c.put("linear_num_value_heads", l.valueHeads());
            c.put("linear_key_head_dim", l.keyHeadDim());
            c.put("linear_value_head_dim", l.valueHeadDim());
            c.put("linear_conv_kernel_dim", l.convKernel());
        }

        private void mtp() {
            var m = s.multiTokenPrediction();
            if (family == MINIMAX_M2) {
                c.put("use_mtp", m != null && m.modules() > 0);
                if (m != null) {
                    c.put("num_mtp_modules", m.modules());
                    c.put("mtp_transformer_layers", m.layersPerModule());
                }
            } else if (family.deepseekStyle() || family == GLM4_MOE) {
                c.put("num_nextn_predict_layers", m == null ? 0 : m.modules());
            }
        }

        private static void putIfSet(ObjectNode node, String key, Number value) {
            if (value instanceof Integer i) {
                node.put(key, i);
            } else if (value instanceof Double d) {
                node.put(key, d);
            }
        }
    }
}
