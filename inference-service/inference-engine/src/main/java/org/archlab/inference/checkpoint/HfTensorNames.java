package org.archlab.inference.checkpoint;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Mixer;
import org.archlab.architecture.spec.NormKind;
import org.archlab.architecture.spec.NormPlacement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a Hugging Face checkpoint keeps each tensor the engine binds by its llama.cpp name, and what
 * loading it takes — the renaming and conversions llama.cpp's convert_hf_to_gguf.py applies, except the
 * q/k row permutation for Llama-style models: a safetensors model keeps Hugging Face's layout and is run
 * with half-split (NeoX) RoPE instead.
 *
 * <p>The naming scheme follows from the spec's knobs, not from its family: learned absolute positions
 * with LayerNorm are GPT-2's {@code transformer.h.N} modules, sandwich norms are Gemma's four per-layer
 * norms, norms after each branch only are OLMo 2's, and anything else is the Llama-style decoder most
 * Hugging Face models share. The Gemma scheme also names Gemma 3n's per-layer inputs, AltUp streams and
 * LAuReL branch; a spec without those knobs never asks for them.
 */
final class HfTensorNames {

    /**
     * Where one engine tensor comes from.
     *
     * @param names      the Hugging Face names it may be stored under, the usual one first; for a stacked
     *                   tensor each holds {@link #INDEX} where the piece's index goes
     * @param conversion what loading it (or each of its pieces) takes
     * @param part       which of {@code parts} equal slices along the output dimension it is (GPT-2 fuses q, k and v)
     * @param stacked    the engine's tensor is one Hugging Face tensor per index of its outermost dimension, stacked
     *                   (Gemma 3n's {@code altup_projections.0}, {@code .1}, … become {@code altup_proj})
     */
    record Source(List<String> names, HfConversion conversion, int part, int parts, boolean stacked) {

        /** The names piece {@code index} of a stacked tensor may be stored under. */
        List<String> piece(int index) {
            return names.stream().map(n -> n.replace(INDEX, Integer.toString(index))).toList();
        }
    }

    /** Stands for a stacked piece's index in {@link Source#names()}. */
    static final String INDEX = "{i}";

    /**
     * A Hugging Face module name. {@code conv1d}: the weight is stored [in, out] (GPT-2); {@code bare}: a bare
     * parameter stored without a ".weight" suffix; {@code stacked}: one module per index, see {@link Source#stacked}.
     */
    private record Stem(String name, boolean conv1d, int part, int parts, boolean bare, boolean stacked) {
        static Stem of(String name) {
            return new Stem(name, false, 0, 1, false, false);
        }

        static Stem conv1d(String name, int part, int parts) {
            return new Stem(name, true, part, parts, false, false);
        }

        static Stem bare(String name) {
            return new Stem(name, false, 0, 1, true, false);
        }

        static Stem stacked(String name) {
            return new Stem(name + "." + INDEX, false, 0, 1, false, true);
        }
    }

    private static final Pattern BLOCK = Pattern.compile("blk\\.(\\d+)\\.(\\w+)\\.(weight|bias)");
    private static final Pattern GLOBAL = Pattern.compile("(\\w+)\\.(weight|bias)");

    /**
     * Where a decoder's modules sit: a text-only checkpoint keeps them under "model."; the language model
     * of a multimodal one under "model.language_model." (current transformers, Gemma 3n as Google ships it)
     * or "language_model.model." (older conversions).
     */
    private static final List<String> DECODER_PREFIXES = List.of("model.", "model.language_model.", "language_model.model.");
    private static final List<String> HEAD_PREFIXES = List.of("", "language_model.");

    private static final Map<String, Stem> DECODER = Map.of(
            "token_embd", Stem.of("embed_tokens"),
            "output_norm", Stem.of("norm"));

    private static final Map<String, Stem> HEAD = Map.of("output", Stem.of("lm_head"));

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

    /** Gemma 3n's model-level tensors: the per-layer token table and its projection, and the AltUp projections. */
    private static final Map<String, Stem> GEMMA_DECODER = with(DECODER, Map.of(
            "per_layer_token_embd", Stem.of("embed_tokens_per_layer"),
            "per_layer_model_proj", Stem.of("per_layer_model_projection"),
            "per_layer_proj_norm", Stem.of("per_layer_projection_norm"),
            "altup_proj", Stem.stacked("altup_projections"),
            "altup_unembd_proj", Stem.stacked("altup_unembed_projections")));

    /**
     * Gemma's sandwich: its post_attention_layernorm closes the attention branch; the FFN has its own pair.
     * Gemma 3n adds each layer's per-layer-input gate, AltUp router and coefficients, and LAuReL branch.
     */
    private static final Map<String, Stem> GEMMA_BLOCK = with(LLAMA_BLOCK, Map.ofEntries(
            Map.entry("post_attention_norm", Stem.of("post_attention_layernorm")),
            Map.entry("ffn_norm", Stem.of("pre_feedforward_layernorm")),
            Map.entry("post_ffw_norm", Stem.of("post_feedforward_layernorm")),
            Map.entry("inp_gate", Stem.of("per_layer_input_gate")),
            Map.entry("proj", Stem.of("per_layer_projection")),
            Map.entry("post_norm", Stem.of("post_per_layer_input_norm")),
            Map.entry("altup_correct_coef", Stem.of("altup.correction_coefs")),
            Map.entry("altup_correct_scale", Stem.bare("altup.correct_output_scale")),
            Map.entry("altup_predict_coef", Stem.of("altup.prediction_coefs")),
            Map.entry("altup_router", Stem.of("altup.modality_router")),
            Map.entry("altup_router_norm", Stem.of("altup.router_norm")),
            Map.entry("laurel_l", Stem.of("laurel.linear_left")),
            Map.entry("laurel_r", Stem.of("laurel.linear_right")),
            Map.entry("laurel_post_norm", Stem.of("laurel.post_laurel_norm"))));

    /** OLMo 2 normalises after each branch only. */
    private static final Map<String, Stem> POST_NORM_BLOCK = with(without(LLAMA_BLOCK, "attn_norm", "ffn_norm"), Map.of(
            "post_attention_norm", Stem.of("post_attention_layernorm"),
            "post_ffw_norm", Stem.of("post_feedforward_layernorm")));

    private static final Map<String, Stem> GPT2 = Map.of(
            "token_embd", Stem.of("wte"),
            "position_embd", Stem.of("wpe"),
            "output_norm", Stem.of("ln_f"));

    private static final Map<String, Stem> GPT2_BLOCK = Map.of(
            "attn_norm", Stem.of("ln_1"),
            "attn_q", Stem.conv1d("attn.c_attn", 0, 3),
            "attn_k", Stem.conv1d("attn.c_attn", 1, 3),
            "attn_v", Stem.conv1d("attn.c_attn", 2, 3),
            "attn_output", Stem.conv1d("attn.c_proj", 0, 1),
            "ffn_norm", Stem.of("ln_2"),
            "ffn_up", Stem.conv1d("mlp.c_fc", 0, 1),
            "ffn_down", Stem.conv1d("mlp.c_proj", 0, 1));

    /** The original GPT-2 checkpoints were saved from the bare model, without the "transformer." prefix. */
    private static final List<String> GPT2_PREFIXES = List.of("transformer.", "");

    /** A naming scheme: the modules outside the layers and where they sit, and those of each layer. */
    private record Scheme(Map<String, Stem> global, List<String> globalPrefixes, Map<String, Stem> block, String layers) {
    }

    private static final Scheme LLAMA_SCHEME = new Scheme(DECODER, DECODER_PREFIXES, LLAMA_BLOCK, "layers.");
    private static final Scheme GEMMA_SCHEME = new Scheme(GEMMA_DECODER, DECODER_PREFIXES, GEMMA_BLOCK, "layers.");
    private static final Scheme POST_NORM_SCHEME = new Scheme(DECODER, DECODER_PREFIXES, POST_NORM_BLOCK, "layers.");
    private static final Scheme GPT2_SCHEME = new Scheme(GPT2, GPT2_PREFIXES, GPT2_BLOCK, "h.");

    private final Scheme scheme;
    private final boolean zeroCenteredNorms;

    private HfTensorNames(Scheme scheme, boolean zeroCenteredNorms) {
        this.scheme = scheme;
        this.zeroCenteredNorms = zeroCenteredNorms;
    }

    /**
     * What the spec has that the engine cannot read from Hugging Face weights, in words; empty if it can read
     * them all. The names of these tensors vary from model to model, and stacking the experts' per-expert
     * tensors is not done here: such a model loads from a GGUF file.
     */
    static Optional<String> unsupported(ArchitectureSpec spec) {
        var missing = new ArrayList<String>();
        if (spec.hasMoe()) {
            missing.add("mixture-of-experts layers");
        }
        if (spec.layerPlans().stream().anyMatch(l -> l.mixer() == Mixer.LINEAR)) {
            missing.add("linear-attention layers");
        }
        if (spec.attention() != null && spec.attention().isLatent()) {
            missing.add("multi-head latent attention");
        }
        if (spec.multiTokenPrediction() != null && spec.multiTokenPrediction().modules() > 0) {
            missing.add("multi-token-prediction modules");
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", missing));
    }

    /** The names of a model with the spec's knobs; {@link #unsupported} says whether the engine can read it at all. */
    static HfTensorNames of(ArchitectureSpec spec) {
        boolean gpt2Style = spec.embeddings().learnedPositions() > 0 && spec.norm().kind() == NormKind.LAYER;
        NormPlacement placement = spec.norm().placement();
        Scheme scheme = gpt2Style ? GPT2_SCHEME
                : placement == NormPlacement.SANDWICH ? GEMMA_SCHEME
                : placement == NormPlacement.POST ? POST_NORM_SCHEME
                : LLAMA_SCHEME;
        return new HfTensorNames(scheme, spec.norm().zeroCentered());
    }

    /** Where the engine tensor {@code name} (e.g. {@code blk.0.attn_q.weight}) is stored, if this scheme has it. */
    Optional<Source> source(String name) {
        Matcher inBlock = BLOCK.matcher(name);
        Matcher outside = GLOBAL.matcher(name);
        String suffix;
        String stemKey;
        Stem stem;
        List<String> prefixes;
        if (inBlock.matches()) {
            stemKey = inBlock.group(2);
            suffix = inBlock.group(3);
            stem = scheme.block().get(stemKey);
            String layer = scheme.layers() + inBlock.group(1) + ".";
            prefixes = scheme.globalPrefixes().stream().map(p -> p + layer).toList();
        } else if (outside.matches()) {
            stemKey = outside.group(1);
            suffix = outside.group(2);
            stem = scheme.global().get(stemKey);
            prefixes = scheme.globalPrefixes();
            if (stem == null) {
                stem = HEAD.get(stemKey);
                prefixes = HEAD_PREFIXES;
            }
        } else {
            return Optional.empty();
        }
        if (stem == null || (stem.bare() && !suffix.equals("weight"))) {
            return Optional.empty();
        }
        String stored = stem.bare() ? stem.name() : stem.name() + "." + suffix;
        boolean weight = suffix.equals("weight");
        HfConversion conversion = weight && stem.conv1d() ? HfConversion.TRANSPOSE
                : weight && zeroCenteredNorms && stemKey.endsWith("norm") ? HfConversion.ADD_ONE
                : HfConversion.VIEW;
        List<String> names = prefixes.stream().map(p -> p + stored).toList();
        return Optional.of(new Source(names, conversion, stem.part(), stem.parts(), stem.stacked()));
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
