package org.archlab.architecture.analysis;

/**
 * What part of the model a weight tensor belongs to, for the parameter breakdown.
 *
 * <p>{@link #PER_LAYER_EMBEDDINGS} is the one streamable component: a token table that every token reads one
 * row of, which can stay in host memory or on disk ({@link ParameterCounts#streamable()}). The other
 * per-layer-input weights (the projection of the input embedding, each layer's gate and projection) are
 * {@link #PER_LAYER_INPUTS} and resident like everything else.
 */
public enum Component {
    EMBEDDINGS, POSITIONS, ATTENTION, LINEAR_ATTENTION, FFN, EXPERTS, SHARED_EXPERTS, ROUTER, NORMS, HEAD, MTP,
    /** Gemma 3n's per-layer token table ({@code per_layer_token_embd}). */
    PER_LAYER_EMBEDDINGS,
    /** The projection, gates and output projections that feed the per-layer table's rows into each layer. */
    PER_LAYER_INPUTS,
    /** AltUp: the extra streams' input and output projections, and each layer's router and coefficients. */
    RESIDUAL_STREAMS,
    /** LAuReL: each layer's low-rank branch. */
    LOW_RANK_RESIDUAL;

    /** Whether a tensor of this component may stay off the accelerator and be streamed row by row. */
    public boolean streamable() {
        return this == PER_LAYER_EMBEDDINGS;
    }
}
