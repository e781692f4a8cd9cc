package org.archlab.architecture.gguf;

import org.archlab.architecture.Reference;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.FfnKind;
import org.archlab.architecture.spec.MultiTokenPrediction;
import org.archlab.architecture.spec.QkNorm;
import org.archlab.architecture.spec.RopeScaling;
import org.archlab.architecture.spec.RopeScalingType;
import org.archlab.architecture.spec.Router;
import org.archlab.testsupport.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.archlab.architecture.spec.Mixer.CHUNKED;
import static org.archlab.architecture.spec.Mixer.FULL;
import static org.archlab.architecture.spec.Mixer.SLIDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Each optional hyper-parameter llama.cpp reads for a family (docs/gguf-keys.md), set to a value other than its
 * default in a fixture's header, imports to the spec llama.cpp would run: the expected values below are what
 * llama.cpp's load_hparams and graph builders make of the key at the fixtures' commit. Keys a family does not
 * read leave its spec alone, and values the spec cannot hold are refused by key name.
 */
class GgufOptionalKeysTest {

    private static final double EPS = 1e-12;

    static Stream<Case> cases() {
        return Stream.of(
                // Read for every family.
                in("llama.gguf").set("llama.attention.head_count_kv", 1L).expect("attention.kvHeads", s -> s.attention().kvHeads(), 1),
                in("llama.gguf").set("llama.attention.head_count_kv", new long[] {4, 4, 4}).expect("attention.kvHeads", s -> s.attention().kvHeads(), 4),
                in("llama.gguf").set("llama.attention.head_count_kv", new long[] {2, 1, 2}).refused(),
                in("qwen3.gguf").set("qwen3.attention.head_count", new long[] {2, 2, 2}).expect("attention.heads", s -> s.attention().heads(), 2),
                in("llama.gguf").set("llama.attention.head_count", new long[] {4, 2, 4}).refused(),
                in("llama.gguf").set("llama.feed_forward_length", new long[] {96, 96, 96}).expect("feedForward.intermediateSize", s -> s.feedForward().intermediateSize(), 96),
                in("llama.gguf").set("llama.feed_forward_length", new long[] {128, 64, 128}).refused(),
                in("llama.gguf").remove("llama.rope.freq_base").expect("rope.theta", s -> s.rope().theta(), 10000.0),
                in("llama.gguf").set("llama.rope.freq_base", 123456.0).expect("rope.theta", s -> s.rope().theta(), 123456.0),
                in("llama.gguf").set("llama.rope.scaling.factor", 8.0).expect("rope.scaling", s -> s.rope().scaling(),
                        new RopeScaling(RopeScalingType.LINEAR, 8, 256, null, null, null, null, null, null)),
                in("llama.gguf").set("llama.rope.scale_linear", 2.0).expect("rope.scaling", s -> s.rope().scaling(),
                        new RopeScaling(RopeScalingType.LINEAR, 2, 256, null, null, null, null, null, null)),
                in("llama.gguf").set("llama.rope.scaling.type", "yarn").and("llama.rope.scaling.factor", 4.0).expect("rope.scaling", s -> s.rope().scaling(),
                        new RopeScaling(RopeScalingType.YARN, 4, 256, null, null, null, null, null, null)),
                in("llama.gguf").set("llama.rope.scaling.type", "none").and("llama.rope.scaling.factor", 8.0).expect("rope.scaling", s -> s.rope().scaling(), null),
                in("llama.gguf").set("llama.rope.scaling.type", "longrope").refused(),
                in("llama.gguf").set("llama.rope.scaling.type", "ntk").refused(),
                in("llama.gguf").set("llama.rope.scaling.attn_factor", 2.0).refused(),
                in("llama.gguf").set("llama.rope.scaling.finetuned", true).unchanged(),
                in("llama.gguf").set("llama.rope.scaling.alpha", 1000.0).unchanged(),
                in("gpt_oss.gguf").set("gpt-oss.rope.scaling.original_context_length", 1024L).expect("rope.scaling.originalMaxPositions",
                        s -> s.rope().scaling().originalMaxPositions(), 1024),
                in("gpt_oss.gguf").remove("gpt-oss.rope.scaling.original_context_length").expect("rope.scaling.originalMaxPositions",
                        s -> s.rope().scaling().originalMaxPositions(), 256),
                in("qwen3.gguf").set("qwen3.attention.key_length", 16L).and("qwen3.rope.dimension_count", 16L).expect("attention.headDim", s -> s.attention().headDim(), 16),
                in("qwen3.gguf").set("qwen3.attention.value_length", 8L).expect("attention.valueHeadDim", s -> s.attention().valueHeadDim(), 8),
                in("qwen3.gguf").set("qwen3.rope.dimension_count", 16L).expect("rope.rotaryFraction", s -> s.rope().rotaryFraction(), 0.5),
                in("llama.gguf").set("llama.rope.dimension_count", 8L).refused(),
                in("qwen3.gguf").set("qwen3.attention.key_length_swa", 16L).refused(),
                in("qwen3.gguf").set("qwen3.attention.key_length_swa", 32L).unchanged(),
                in("qwen3.gguf").set("qwen3.attention.value_length_swa", 16L).refused(),
                in("qwen3.gguf").set("qwen3.rope.dimension_count_swa", 16L).refused(),
                in("llama.gguf").set("llama.embedding_length_out", 32L).refused(),
                in("llama.gguf").set("llama.attention.causal", false).refused(),
                in("llama.gguf").set("llama.pooling_type", 1L).unchanged(),
                in("llama.gguf").set("llama.classifier.output_labels", List.of("yes", "no")).unchanged(),
                in("llama.gguf").set("llama.vocab_size", 300L).expect("vocabSize", ArchitectureSpec::vocabSize, 300),
                in("llama.gguf").set("llama.attention.layer_norm_rms_epsilon", 1e-3).expect("norm.eps", s -> s.norm().eps(), 1e-3),
                in("llama.gguf").remove("llama.attention.layer_norm_rms_epsilon").refused(),
                in("gpt2.gguf").set("gpt2.attention.layer_norm_epsilon", 1e-3).expect("norm.eps", s -> s.norm().eps(), 1e-3),
                in("gpt2.gguf").set("gpt2.attention.layer_norm_rms_epsilon", 1e-3).unchanged(),
                in("deepseek2.gguf").set("deepseek2.expert_group_count", 1L).expect("moe.groups/groupsPerToken",
                        s -> List.of(s.moe().groups(), s.moe().groupsPerToken()), List.of(1, 1)),
                in("deepseek2.gguf").set("deepseek2.expert_group_count", 0L).expect("moe.groups/groupsPerToken",
                        s -> List.of(s.moe().groups(), s.moe().groupsPerToken()), List.of(1, 1)),
                in("grok.gguf").set("grok.rope.scaling.yarn_ext_factor", 0.5).and("grok.rope.scaling.type", "none").and("grok.rope.scaling.factor", 4.0).unchanged(),
                in("qwen3moe.gguf").set("qwen3moe.expert_used_count", 4L).expect("moe.topK", s -> s.moe().topK(), 4),
                in("deepseek2.gguf").set("deepseek2.expert_group_count", 2L).and("deepseek2.expert_group_used_count", 1L)
                        .expect("moe.groups/groupsPerToken", s -> List.of(s.moe().groups(), s.moe().groupsPerToken()), List.of(2, 1)),
                // Keys other families read but these do not: no effect.
                in("gemma3.gguf").set("gemma3.attn_logit_softcapping", 50.0).unchanged(),
                in("llama.gguf").set("llama.embedding_scale", 2.0).unchanged(),
                in("llama.gguf").set("llama.logit_scale", 2.0).unchanged(),
                in("llama.gguf").set("llama.final_logit_softcapping", 30.0).unchanged(),
                in("llama.gguf").set("llama.attention.sliding_window", 8L).unchanged(),
                in("qwen3.gguf").set("qwen3.rope.freq_base_swa", 1000.0).unchanged(),
                in("smollm3.gguf").set("smollm3.attention.sliding_window_pattern", 2L).unchanged(),

                // gemma3
                in("gemma3.gguf").set("gemma3.attention.sliding_window_pattern", 3L).expect("schedule.mixers", s -> s.schedule().mixers(), List.of(SLIDING, SLIDING, FULL)),
                in("gemma3.gguf").set("gemma3.attention.sliding_window_pattern", 0L).expect("schedule.mixers", s -> s.schedule().mixers(), List.of(SLIDING)),
                in("gemma3.gguf").set("gemma3.attention.sliding_window_pattern", 1L).expect("schedule.mixers", s -> s.schedule().mixers(), List.of(FULL)),
                // llama.cpp reads the period with a scalar-only getter, which skips an array: the default stays.
                in("gemma3.gguf").set("gemma3.attention.sliding_window_pattern", new boolean[] {true, false, true, false, true, false})
                        .expect("schedule.mixers", s -> s.schedule().mixers(), List.of(SLIDING, SLIDING, SLIDING, SLIDING, SLIDING, FULL)),
                in("gemma3.gguf").set("gemma3.attention.sliding_window", 16L).expect("attention.slidingWindow", s -> s.attention().slidingWindow(), 16),
                in("gemma3.gguf").remove("gemma3.attention.sliding_window").expect("schedule.mixers, slidingWindow, localTheta",
                        s -> List.of(s.schedule().mixers(), String.valueOf(s.attention().slidingWindow()), String.valueOf(s.rope().localTheta())),
                        List.of(List.of(FULL), "null", "null")),
                in("gemma3.gguf").set("gemma3.attention.sliding_window", 0L).expect("schedule.mixers", s -> s.schedule().mixers(), List.of(FULL)),
                in("gemma3.gguf").remove("gemma3.rope.freq_base_swa").expect("rope.localTheta", s -> s.rope().localTheta(), 10000.0),
                in("gemma3.gguf").set("gemma3.rope.freq_base_swa", 5000.0).expect("rope.localTheta", s -> s.rope().localTheta(), 5000.0),
                in("gemma3.gguf").set("gemma3.final_logit_softcapping", 30.0).expect("output.logitSoftcap", s -> s.output().logitSoftcap(), 30.0),
                in("gemma3.gguf").set("gemma3.final_logit_softcapping", 0.0).unchanged(),
                in("gemma3.gguf").blocks(62).expect("attention.queryScale", s -> s.attention().queryScale(), 1 / Math.sqrt(64 / 4)),

                // olmo2
                in("olmo2.gguf").set("olmo2.attention.sliding_window", 8L).expect("schedule.mixers, slidingWindow",
                        s -> List.of(s.schedule().mixers(), s.attention().slidingWindow()), List.of(List.of(SLIDING), 8)),
                in("olmo2.gguf").set("olmo2.attention.sliding_window", 8L).and("olmo2.attention.sliding_window_pattern", 2L)
                        .expect("schedule.mixers", s -> s.schedule().mixers(), List.of(SLIDING, FULL)),
                in("olmo2.gguf").set("olmo2.attention.sliding_window_pattern", 2L).unchanged(),
                in("olmo2.gguf").set("olmo2.attention.sliding_window", 8L).and("olmo2.rope.freq_base_swa", 1234.0)
                        .expect("rope.localTheta", s -> s.rope().localTheta(), null),
                in("olmo2.gguf").set("olmo2.attention.sliding_window", 8L).and("olmo2.rope.scaling.type", "yarn").and("olmo2.rope.scaling.factor", 4.0)
                        .expect("rope.localTheta", s -> s.rope().localTheta(), 500000.0),

                // gpt-oss
                in("gpt_oss.gguf").set("gpt-oss.attention.sliding_window_pattern", 4L).expect("schedule.mixers", s -> s.schedule().mixers(), List.of(SLIDING, SLIDING, SLIDING, FULL)),
                in("gpt_oss.gguf").set("gpt-oss.attention.sliding_window", 16L).expect("attention.slidingWindow", s -> s.attention().slidingWindow(), 16),
                in("gpt_oss.gguf").remove("gpt-oss.attention.sliding_window").refused(),
                in("gpt_oss.gguf").remove("gpt-oss.attention.sliding_window").and("gpt-oss.attention.sliding_window_pattern", 1L).refused(),
                in("gpt_oss.gguf").set("gpt-oss.rope.freq_base_swa", 150000.0).unchanged(),
                in("gpt_oss.gguf").set("gpt-oss.rope.freq_base_swa", 1000.0).refused(),
                in("gpt_oss.gguf").set("gpt-oss.rope.freq_base_swa", 1000.0).remove("gpt-oss.rope.scaling.type").remove("gpt-oss.rope.scaling.factor")
                        .expect("rope.localTheta", s -> s.rope().localTheta(), 1000.0),
                in("gpt_oss.gguf").set("gpt-oss.expert_gating_func", 2L).unchanged(),
                in("gpt_oss.gguf").set("gpt-oss.expert_weights_scale", 2.0).unchanged(),
                in("gpt_oss.gguf").set("gpt-oss.rope.scaling.yarn_beta_fast", 16.0).unchanged(),

                // llama4
                in("llama4.gguf").set("llama4.attention.sliding_window_pattern", 2L).expect("schedule.mixers, schedule.rope",
                        s -> List.of(s.schedule().mixers(), s.schedule().rope()), List.of(List.of(CHUNKED, FULL), List.of(true, true, true, false))),
                in("llama4.gguf").set("llama4.attention.sliding_window", 100L).expect("attention.chunkSize", s -> s.attention().chunkSize(), 8192),
                in("llama4.gguf").set("llama4.attention.sliding_window", 0L).refused(),
                in("llama4.gguf").set("llama4.interleave_moe_layer_step", 1L).refused(),
                in("llama4.gguf").remove("llama4.interleave_moe_layer_step").refused(),
                in("llama4.gguf").set("llama4.expert_count", 128L).expect("attention.qkNorm", s -> s.attention().qkNorm(), QkNorm.NONE),
                in("llama4.gguf").set("llama4.rope.freq_base_swa", 1000.0).refused(),
                in("llama4.gguf").set("llama4.rope.freq_base_swa", 500000.0).unchanged(),
                in("llama4.gguf").set("llama4.expert_gating_func", 1L).unchanged(),
                in("llama4.gguf").set("llama4.expert_weights_scale", 2.0).unchanged(),

                // qwen3next
                in("qwen3next.gguf").set("qwen3next.full_attention_interval", 2L).refused(),
                in("qwen3next.gguf").set("qwen3next.full_attention_interval", 0L).refused(),
                in("qwen3next.gguf").remove("qwen3next.full_attention_interval").unchanged(),
                in("qwen3next.gguf").set("qwen3next.attention.recurrent_layers", new long[] {1, 1, 1, 0}).unchanged(),
                in("qwen3next.gguf").set("qwen3next.attention.recurrent_layers", new boolean[] {true, false, true, false}).refused(),
                in("qwen3next.gguf").set("qwen3next.expert_shared_feed_forward_length", 16L).refused(),
                in("qwen3next.gguf").set("qwen3next.nextn_predict_layers", 1L).expect("layers, multiTokenPrediction",
                        s -> List.of(s.layers(), s.multiTokenPrediction()), List.of(3, new MultiTokenPrediction(1, 1))),
                in("qwen3next.gguf").remove("qwen3next.expert_feed_forward_length").expect("moe.expertIntermediateSize", s -> s.moe().expertIntermediateSize(), 64),
                in("qwen3next.gguf").set("qwen3next.expert_gating_func", 2L).unchanged(),
                in("qwen3next.gguf").set("qwen3next.expert_weights_norm", false).unchanged(),

                // qwen3moe
                in("qwen3moe.gguf").remove("qwen3moe.expert_feed_forward_length").expect("moe.expertIntermediateSize", s -> s.moe().expertIntermediateSize(), 64),
                in("qwen3moe.gguf").set("qwen3moe.expert_gating_func", 2L).unchanged(),
                in("qwen3moe.gguf").set("qwen3moe.expert_weights_norm", false).unchanged(),
                in("qwen3moe.gguf").set("qwen3moe.expert_weights_scale", 3.0).unchanged(),

                // deepseek2
                in("deepseek2.gguf").set("deepseek2.expert_gating_func", 1L).expect("moe.router", s -> s.moe().router(), Router.SOFTMAX),
                in("deepseek2.gguf").set("deepseek2.expert_gating_func", 3L).expect("moe.router", s -> s.moe().router(), Router.SOFTMAX_SELECTED),
                in("deepseek2.gguf").set("deepseek2.expert_gating_func", 4L).refused(),
                in("deepseek2.gguf").remove("deepseek2.expert_gating_func").expect("moe.router", s -> s.moe().router(), Router.SOFTMAX),
                in("deepseek2.gguf").remove("deepseek2.expert_gating_func").blocks(47).and("deepseek2.vocab_size", 154880L)
                        .expect("moe.router", s -> s.moe().router(), Router.SIGMOID),
                in("deepseek2.gguf").set("deepseek2.expert_weights_norm", false).expect("moe.normalizeTopK", s -> s.moe().normalizeTopK(), false),
                in("deepseek2.gguf").set("deepseek2.expert_weights_scale", 1.5).expect("moe.routedScalingFactor", s -> s.moe().routedScalingFactor(), 1.5),
                in("deepseek2.gguf").set("deepseek2.expert_weights_scale", 0.0).expect("moe.routedScalingFactor", s -> s.moe().routedScalingFactor(), 1.0),
                in("deepseek2.gguf").set("deepseek2.leading_dense_block_count", 2L).refused(),
                in("deepseek2.gguf").remove("deepseek2.leading_dense_block_count").refused(),
                in("deepseek2.gguf").set("deepseek2.nextn_predict_layers", 1L).expect("layers, multiTokenPrediction",
                        s -> List.of(s.layers(), s.multiTokenPrediction()), List.of(2, new MultiTokenPrediction(1, 1))),
                in("deepseek2.gguf").set("deepseek2.rope.scaling.type", "yarn").and("deepseek2.rope.scaling.factor", 40.0)
                        .and("deepseek2.rope.scaling.yarn_log_multiplier", 0.0707)
                        .expect("rope.scaling.mscale, mscaleAllDim", s -> List.of(s.rope().scaling().mscale(), s.rope().scaling().mscaleAllDim()),
                                List.of(0.707, 0.707)),
                in("deepseek2.gguf").set("deepseek2.rope.scaling.yarn_log_multiplier", 0.1).and("deepseek2.rope.scaling.factor", 4.0).refused(),
                in("deepseek2.gguf").set("deepseek2.rope.scaling.yarn_log_multiplier", 0.1).unchanged(),
                in("deepseek2.gguf").set("deepseek2.attention.temperature_scale", 0.1).refused(),
                in("deepseek2.gguf").set("deepseek2.attention.temperature_length", 8192L).unchanged(),
                in("deepseek2.gguf").remove("deepseek2.attention.key_length_mla").and("deepseek2.attention.key_length", 24L)
                        .expect("attention.mla.qkNopeHeadDim", s -> s.attention().mla().qkNopeHeadDim(), 16),
                in("deepseek2.gguf").set("deepseek2.attention.value_length_mla", 8L).expect("attention.valueHeadDim", s -> s.attention().valueHeadDim(), 8),

                // glm4moe
                in("glm4moe.gguf").remove("glm4moe.expert_gating_func").expect("moe.router", s -> s.moe().router(), Router.SIGMOID),
                in("glm4moe.gguf").set("glm4moe.expert_gating_func", 1L).expect("moe.router", s -> s.moe().router(), Router.SOFTMAX),
                in("glm4moe.gguf").remove("glm4moe.expert_weights_norm").expect("moe.normalizeTopK", s -> s.moe().normalizeTopK(), false),
                in("glm4moe.gguf").remove("glm4moe.expert_weights_scale").expect("moe.routedScalingFactor", s -> s.moe().routedScalingFactor(), 1.0),
                in("glm4moe.gguf").set("glm4moe.leading_dense_block_count", 0L).refused(),
                in("glm4moe.gguf").set("glm4moe.nextn_predict_layers", 1L).expect("layers", ArchitectureSpec::layers, 2),
                in("glm4moe.gguf").set("glm4moe.rope.dimension_sections", new long[] {8, 12, 12, 0}).refused(),
                in("glm4moe.gguf").set("glm4moe.rope.dimension_sections", new long[] {0, 0, 0, 0}).unchanged(),

                // minimax-m2
                in("minimax_m2.gguf").remove("minimax-m2.expert_gating_func").refused(),
                in("minimax_m2.gguf").set("minimax-m2.expert_gating_func", 1L).expect("moe.router", s -> s.moe().router(), Router.SOFTMAX),
                in("minimax_m2.gguf").set("minimax-m2.expert_gating_func", 3L).expect("moe.router", s -> s.moe().router(), Router.SOFTMAX_SELECTED),
                in("minimax_m2.gguf").set("minimax-m2.expert_weights_norm", false).unchanged(),
                in("minimax_m2.gguf").set("minimax-m2.expert_weights_scale", 2.0).unchanged(),

                // grok
                in("grok.gguf").remove("grok.embedding_scale").expect("embeddings.scale", s -> s.embeddings().scale(), 78.38367176906169),
                in("grok.gguf").set("grok.embedding_scale", 4.0).expect("embeddings.scale", s -> s.embeddings().scale(), 4.0),
                in("grok.gguf").remove("grok.logit_scale").expect("output.logitScale", s -> s.output().logitScale(), 0.5773502691896257),
                in("grok.gguf").set("grok.logit_scale", 2.0).expect("output.logitScale", s -> s.output().logitScale(), 2.0),
                in("grok.gguf").remove("grok.attention.output_scale").expect("attention.queryScale", s -> s.attention().queryScale(), 0.08838834764831845),
                in("grok.gguf").set("grok.attention.output_scale", 0.5).expect("attention.queryScale", s -> s.attention().queryScale(), 0.5),
                in("grok.gguf").remove("grok.attn_logit_softcapping").expect("attention.logitSoftcap", s -> s.attention().logitSoftcap(), 30.0),
                in("grok.gguf").set("grok.attn_logit_softcapping", 10.0).expect("attention.logitSoftcap", s -> s.attention().logitSoftcap(), 10.0),
                in("grok.gguf").set("grok.attn_logit_softcapping", 0.0).refused(),
                in("grok.gguf").set("grok.final_logit_softcapping", 20.0).expect("output.logitSoftcap", s -> s.output().logitSoftcap(), 20.0),
                in("grok.gguf").set("grok.router_logit_softcapping", 5.0).unchanged(),
                in("grok.gguf").set("grok.attention.temperature_length", 8L).unchanged(),
                in("grok.gguf").remove("grok.expert_feed_forward_length").expect("moe.expertIntermediateSize", s -> s.moe().expertIntermediateSize(), 128),
                in("grok.gguf").set("grok.rope.scaling.type", "yarn").and("grok.rope.scaling.factor", 4.0)
                        .expect("rope.scaling.betaFast", s -> s.rope().scaling().betaFast(), 8.0),
                in("grok.gguf").set("grok.rope.scaling.type", "yarn").and("grok.rope.scaling.factor", 4.0).and("grok.rope.scaling.yarn_beta_fast", 16.0)
                        .expect("rope.scaling.betaFast", s -> s.rope().scaling().betaFast(), 16.0),
                in("grok.gguf").set("grok.rope.scaling.type", "yarn").and("grok.rope.scaling.factor", 4.0).and("grok.rope.scaling.yarn_beta_slow", 2.0)
                        .expect("rope.scaling.betaSlow", s -> s.rope().scaling().betaSlow(), 2.0),
                in("grok.gguf").set("grok.rope.scaling.yarn_ext_factor", 0.5).and("grok.rope.scaling.type", "yarn").and("grok.rope.scaling.factor", 4.0).refused(),
                in("grok.gguf").set("grok.rope.scaling.yarn_ext_factor", 0.5).unchanged(),
                in("grok.gguf").set("grok.rope.scaling.yarn_attn_factor", 2.0).and("grok.rope.scaling.factor", 4.0).refused(),
                in("grok.gguf").set("grok.rope.scaling.yarn_attn_factor", 2.0).and("grok.rope.scaling.type", "yarn").and("grok.rope.scaling.factor", 4.0)
                        .expect("rope.scaling.type", s -> s.rope().scaling().type(), RopeScalingType.YARN),
                in("grok.gguf").set("grok.expert_gating_func", 2L).unchanged());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void a_non_default_value_imports_as_llama_cpp_would_use_it(Case c) {
        GgufHeader changed = c.change.header();
        switch (c.outcome) {
            case REFUSED -> assertThatThrownBy(() -> GgufSpecImporter.importHeader(changed))
                    .isInstanceOfSatisfying(GgufFormatException.class, e -> assertThat(e.part()).contains(c.change.key));
            case UNCHANGED -> assertThat(GgufSpecImporter.importHeader(changed)).isEqualTo(GgufSpecImporter.importHeader(fixture(c.change.fixture)));
            case VALUE -> {
                Object actual = c.property.apply(GgufSpecImporter.importHeader(changed));
                if (c.expected instanceof Double d && actual instanceof Double a) {
                    assertThat(a).isCloseTo(d, within(EPS));
                } else {
                    assertThat(actual).usingRecursiveComparison()
                            .withComparatorForType((Double x, Double y) -> Math.abs(x - y) < EPS ? 0 : Double.compare(x, y), Double.class)
                            .isEqualTo(c.expected);
                }
            }
        }
    }

    @Test
    void the_llama4_ffn_layout_follows_interleave_moe_layer_step() {
        GgufHeader header = fixture("llama4.gguf");
        assertThat(GgufSpecImporter.importHeader(header).schedule().ffn()).containsExactly(FfnKind.DENSE, FfnKind.MOE);
    }

    /** Every optional key the document lists for a family is changed by at least one case above. */
    @Test
    void every_optional_key_of_the_document_has_a_case() throws IOException {
        var documented = new TreeSet<String>();
        Pattern row = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|\\s*optional");
        for (String line : Files.readAllLines(TestData.dir().getParent().resolve("docs/gguf-keys.md"))) {
            var m = row.matcher(line);
            if (m.find()) {
                documented.add(m.group(1));
            }
        }
        assertThat(documented).hasSizeGreaterThan(40);
        var covered = cases().flatMap(c -> c.change.touched().stream()).toList();
        var missing = documented.stream()
                .filter(key -> covered.stream().noneMatch(k -> k.equals(key) || key.startsWith("{arch}.") && k.endsWith(key.substring("{arch}".length()))))
                .toList();
        assertThat(missing).as("documented optional keys without a case").isEmpty();
    }

    static GgufHeader fixture(String name) {
        try {
            return GgufHeaderReader.read(Reference.fixture(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Change in(String fixture) {
        return new Change(fixture);
    }

    enum Outcome { VALUE, REFUSED, UNCHANGED }

    record Case(Change change, Outcome outcome, String propertyName, Function<ArchitectureSpec, Object> property, Object expected) {
        @Override
        public String toString() {
            String result = switch (outcome) {
                case REFUSED -> "refused by name";
                case UNCHANGED -> "spec unchanged";
                case VALUE -> propertyName + " = " + expected;
            };
            return change + " → " + result;
        }
    }

    /** A fixture's header with metadata keys set or removed (and, for a larger block count, its last block copied). */
    static final class Change {
        final String fixture;
        final Map<String, Object> set = new LinkedHashMap<>();
        final Set<String> removed = new LinkedHashSet<>();
        int blocks;
        String key;

        Change(String fixture) {
            this.fixture = fixture;
        }

        Change set(String name, Object value) {
            key = key == null ? name : key;
            set.put(name, value);
            return this;
        }

        Change and(String name, Object value) {
            return set(name, value);
        }

        Change remove(String name) {
            key = key == null ? name : key;
            removed.add(name);
            return this;
        }

        Change blocks(int count) {
            blocks = count;
            return this;
        }

        List<String> touched() {
            var all = new ArrayList<>(set.keySet());
            all.addAll(removed);
            return all;
        }

        Case expect(String propertyName, Function<ArchitectureSpec, Object> property, Object expected) {
            return new Case(this, Outcome.VALUE, propertyName, property, expected);
        }

        Case refused() {
            return new Case(this, Outcome.REFUSED, null, null, null);
        }

        Case unchanged() {
            return new Case(this, Outcome.UNCHANGED, null, null, null);
        }

        GgufHeader header() {
            GgufHeader original = fixture(fixture);
            var metadata = new LinkedHashMap<>(original.metadata());
            removed.forEach(metadata::remove);
            metadata.putAll(set);
            var tensors = new ArrayList<>(original.tensors());
            if (blocks > 0) {
                String arch = original.architecture();
                int had = ((Long) original.metadata().get(arch + ".block_count")).intValue();
                String last = "blk." + (had - 1) + ".";
                for (int b = had; b < blocks; b++) {
                    for (GgufTensorInfo t : original.tensors()) {
                        if (t.name().startsWith(last)) {
                            tensors.add(new GgufTensorInfo("blk." + b + "." + t.name().substring(last.length()), t.dims(), t.typeId(), t.offset()));
                        }
                    }
                }
                metadata.put(arch + ".block_count", (long) blocks);
            }
            return new GgufHeader(original.version(), metadata, tensors, original.headerBytes(), original.dataOffset());
        }

        @Override
        public String toString() {
            var parts = new ArrayList<String>();
            set.forEach((k, v) -> parts.add(k + " = " + show(v)));
            removed.forEach(k -> parts.add(k + " removed"));
            if (blocks > 0) {
                parts.add(blocks + " blocks");
            }
            return fixture + ": " + String.join(", ", parts);
        }

        private static String show(Object value) {
            return switch (value) {
                case long[] a -> java.util.Arrays.toString(a);
                case boolean[] a -> java.util.Arrays.toString(a);
                default -> String.valueOf(value);
            };
        }
    }
}
