package org.archlab.architecture.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What one layer is, derived from the spec's schedule.
 *
 * @param index zero-based layer index
 * @param mixer the token mixer
 * @param rope  whether the layer's attention uses RoPE (false = NoPE; irrelevant for linear layers)
 * @param ffn   dense or mixture-of-experts feed-forward
 * @param kvSharedFrom the earlier layer whose KV cache this layer reads instead of keeping one ({@code null} = its own)
 * @param gateSparsity the share of FFN gate values cut by statistical top-k ({@code null} = none)
 */
public record LayerPlan(int index, Mixer mixer, boolean rope, FfnKind ffn, Integer kvSharedFrom, Double gateSparsity) {

    public LayerPlan(int index, Mixer mixer, boolean rope, FfnKind ffn) {
        this(index, mixer, rope, ffn, null, null);
    }

    /** Whether this layer computes keys and values and keeps a cache (or a recurrent state) of its own. */
    @JsonIgnore
    public boolean ownsCache() {
        return kvSharedFrom == null;
    }
}
