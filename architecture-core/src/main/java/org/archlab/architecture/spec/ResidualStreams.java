package org.archlab.architecture.spec;

/**
 * Several parallel residual streams of which only one goes through each layer (AltUp, Gemma 3n). Before a
 * layer every stream is predicted from all of them with coefficients a small router computes from the
 * active stream; after it, every stream is corrected by the layer's change to the active stream. The extra
 * streams start as learned projections of the input embedding and are projected back and averaged with
 * the active one before the final norm.
 *
 * @param streams           parallel streams, the active one included
 * @param activeStream      index of the stream the layers compute on
 * @param scaledCorrection  the corrected active stream is scaled by a learned vector before it feeds the
 *                          per-layer inputs' gate (Gemma 3n's {@code altup_correct_scale})
 */
public record ResidualStreams(int streams, int activeStream, boolean scaledCorrection) {
}
