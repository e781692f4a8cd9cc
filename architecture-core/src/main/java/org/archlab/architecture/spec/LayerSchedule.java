package org.archlab.architecture.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.List;

/**
 * Which mixer, positional scheme and feed-forward network each layer uses. Each list is a pattern that
 * repeats over the layers (layer i uses element i mod size), so "5 sliding : 1 full" is
 * {@code [SLIDING ×5, FULL]} and an irregular model lists every layer.
 *
 * @param mixers             mixer pattern
 * @param rope               RoPE pattern: {@code false} marks a NoPE layer (SmolLM3, Llama 4)
 * @param ffn                feed-forward pattern (DENSE or MOE) for layers after the leading dense ones
 * @param leadingDenseLayers the first layers use a dense FFN whatever the pattern (DeepSeek-V3: 3)
 * @param kvSharedLayers     the last this many layers compute only queries and attend to the KV cache of the
 *                           last earlier layer of the same mixer (Gemma 3n); {@code null} = none
 */
public record LayerSchedule(List<Mixer> mixers, List<Boolean> rope, List<FfnKind> ffn, int leadingDenseLayers,
                            Integer kvSharedLayers) {

    public LayerSchedule {
        mixers = mixers == null ? null : List.copyOf(mixers);
        rope = rope == null ? null : List.copyOf(rope);
        ffn = ffn == null ? null : List.copyOf(ffn);
    }

    public LayerSchedule(List<Mixer> mixers, List<Boolean> rope, List<FfnKind> ffn, int leadingDenseLayers) {
        this(mixers, rope, ffn, leadingDenseLayers, null);
    }

    public static LayerSchedule uniform(FfnKind ffn) {
        return new LayerSchedule(List.of(Mixer.FULL), List.of(true), List.of(ffn), 0);
    }

    /** Layers at the end that reuse an earlier layer's KV cache (0 when none do). */
    @JsonIgnore
    public int sharedKvLayerCount() {
        return kvSharedLayers == null ? 0 : kvSharedLayers;
    }
}
