package org.archlab.inference.model;

import org.archlab.inference.tensor.WeightTensor;

/**
 * The model-wide weights of parallel residual streams (AltUp): one hidden × hidden matrix per inactive stream,
 * in stream order.
 *
 * @param up   from the input embedding to each inactive stream (GGUF {@code altup_proj}, one slice per stream)
 * @param down from each inactive stream back to the hidden space before the final norm ({@code altup_unembd_proj})
 */
record StreamProjections(WeightTensor[] up, WeightTensor[] down) {
}
