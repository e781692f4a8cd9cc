package org.archlab.inference.model;

/** A norm's weights (and bias, for LayerNorm), as floats. */
record NormWeights(float[] weight, float[] bias) {
}
