package org.archlab.inference.checkpoint;

import org.archlab.architecture.spec.ArchitectureSpec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a dense model of a Hugging Face family keeps each tensor the engine binds by its llama.cpp
 * name, and what loading it takes — the renaming and conversions llama.cpp's convert_hf_to_gguf.py
 * applies, except the q/k row permutation for Llama-family models: a safetensors model keeps Hugging
 * Face's layout and is run with half-split (NeoX) RoPE instead.
 */
final class HfTensorNames {

    /**
     * Where one engine tensor comes from.
     *
     * @param names      the Hugging Face names it may be stored under, the usual one first
     * @param conversion what loading it takes
     * @param part       which of {@code parts} equal slices along the output dimension it is (GPT-2 fuses q, k and v)
     */
    record Source(List<String> names, HfConversion conversion, int part, int parts) {
    }

    /** A Hugging Face name, possibly a slice of a fused tensor; {@code conv1d} stores its weight [in, out]. */
    private record Stem(String name, boolean conv1d, int part, int parts) {
        static Stem of(String name) {
            return new Stem(name, false, 0, 1);
        }
    }

    private static final Pattern BLOCK = Pattern.compile("blk\\.(\\d+)\\.(\\w+)\\.(weight|bias)");
    private static final Pattern GLOBAL = Pattern.compile("(\\w+)\\.(weight|bias)");

    private static final Map<String, Stem> DECODER = Map.of(
            "token_embd", Stem.of("model.embed_tokens"),
            "output_norm", Stem.of("model.norm"),
            "output", Stem.of("lm_head"));

    private static final Map<String, Stem> LLAMA_BLOCK = Map.ofEntries(
            Map.entry("attn_norm", Stem.of("input_layernorm")),
            Map.entry("attn_q", Stem.of("self_attn.q_proj")),
            Map.entry("attn_k", Stem.of("self_attn.k_proj")),
            Map.entry("attn_v", Stem.of("self_attn.v_proj")),
            Map.entry("attn_output", Stem.of("self_attn.o_proj")),
            Map.entry("attn_q_norm", Stem.of("self_attn.q_norm")),
            Map.entry("attn_k_norm", Stem.of("self_attn.k_norm")),
            Map.entry("ffn_norm", Stem.of("post_attention_layernorm")),
            Map.entry("ffn_gate", Stem.of("mlp.gate_proj")),
            Map.entry("ffn_up", Stem.of("mlp.up_proj")),
            Map.entry("ffn_down", Stem.of("mlp.down_proj")));

    /** Gemma 3's sandwich: its post_attention_layernorm closes the attention branch; the FFN has its own pair. */
    private static final Map<String, Stem> GEMMA3_BLOCK = with(LLAMA_BLOCK, Map.of(
            "post_attention_norm", Stem.of("post_attention_layernorm"),
            "ffn_norm", Stem.of("pre_feedforward_layernorm"),
            "post_ffw_norm", Stem.of("post_feedforward_layernorm")));

    /** OLMo 2 normalises after each branch only. */
    private static final Map<String, Stem> OLMO2_BLOCK = with(without(LLAMA_BLOCK, "attn_norm", "ffn_norm"), Map.of(
            "post_attention_norm", Stem.of("post_attention_layernorm"),
            "post_ffw_norm", Stem.of("post_feedforward_layernorm")));

    private static final Map<String, Stem> GPT2 = Map.of(
            "token_embd", Stem.of("transformer.wte"),
            "position_embd", Stem.of("transformer.wpe"),
            "output_norm", Stem.of("transformer.ln_f"),
            "output", Stem.of("lm_head"));

    private static final Map<String, Stem> GPT2_BLOCK = Map.of(
            "attn_norm", Stem.of("ln_1"),
            "attn_q", new Stem("attn.c_attn", true, 0, 3),
            "attn_k", new Stem("attn.c_attn", true, 1, 3),
            "attn_v", new Stem("attn.c_attn", true, 2, 3),
            "attn_output", new Stem("attn.c_proj", true, 0, 1),
            "ffn_norm", Stem.of("ln_2"),
            "ffn_up", new Stem("mlp.c_fc", true, 0, 1),
            "ffn_down", new Stem("mlp.c_proj", true, 0, 1));

    private final Map<String, Stem> global;
    private final Map<String, Stem> block;
    private final String blockPrefix;
    private final boolean zeroCenteredNorms;

    private HfTensorNames(Map<String, Stem> global, Map<String, Stem> block, String blockPrefix, boolean zeroCenteredNorms) {
        this.global = global;
        this.block = block;
        this.blockPrefix = blockPrefix;
        this.zeroCenteredNorms = zeroCenteredNorms;
    }

    /** The names of the spec's family, if the engine knows them (the dense families). */
    static Optional<HfTensorNames> of(ArchitectureSpec spec) {
        boolean zeroCentered = spec.norm().zeroCentered();
        return Optional.ofNullable(switch (spec.family()) {
            case "llama3", "mistral", "smollm3", "qwen3" -> new HfTensorNames(DECODER, LLAMA_BLOCK, "model.layers.", zeroCentered);
            case "gemma3" -> new HfTensorNames(DECODER, GEMMA3_BLOCK, "model.layers.", zeroCentered);
            case "olmo2" -> new HfTensorNames(DECODER, OLMO2_BLOCK, "model.layers.", zeroCentered);
            case "gpt2" -> new HfTensorNames(GPT2, GPT2_BLOCK, "transformer.h.", zeroCentered);
            default -> null;
        });
    }

    static List<String> families() {
        return List.of("llama3", "mistral", "smollm3", "qwen3", "gemma3", "olmo2", "gpt2");
    }

    /** Where the engine tensor {@code name} (e.g. {@code blk.0.attn_q.weight}) is stored, if this family has it. */
    Optional<Source> source(String name) {
        Matcher inBlock = BLOCK.matcher(name);
        Matcher outside = GLOBAL.matcher(name);
        String suffix;
        String stemKey;
        Stem stem;
        String prefix;
        if (inBlock.matches()) {
            stemKey = inBlock.group(2);
            suffix = inBlock.group(3);
            stem = block.get(stemKey);
            prefix = blockPrefix + inBlock.group(1) + ".";
        } else if (outside.matches()) {
            stemKey = outside.group(1);
            suffix = outside.group(2);
            stem = global.get(stemKey);
            prefix = "";
        } else {
            return Optional.empty();
        }
        if (stem == null) {
            return Optional.empty();
        }
        String hfName = prefix + stem.name() + "." + suffix;
        boolean weight = suffix.equals("weight");
        HfConversion conversion = weight && stem.conv1d() ? HfConversion.TRANSPOSE
                : weight && zeroCenteredNorms && stemKey.endsWith("norm") ? HfConversion.ADD_ONE
                : HfConversion.VIEW;
        return Optional.of(new Source(candidates(hfName), conversion, stem.part(), stem.parts()));
    }

    /** The original GPT-2 checkpoints were saved from the bare model, without the "transformer." prefix. */
    private static List<String> candidates(String hfName) {
        return hfName.startsWith("transformer.") ? List.of(hfName, hfName.substring("transformer.".length())) : List.of(hfName);
    }

    private static Map<String, Stem> with(Map<String, Stem> base, Map<String, Stem> changes) {
        var merged = new HashMap<>(base);
        merged.putAll(changes);
        return Map.copyOf(merged);
    }

    private static Map<String, Stem> without(Map<String, Stem> base, String... keys) {
        var kept = new HashMap<>(base);
        for (String key : keys) {
            kept.remove(key);
        }
        return Map.copyOf(kept);
    }
}
