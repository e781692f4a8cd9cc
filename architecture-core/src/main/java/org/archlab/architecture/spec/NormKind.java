package org.archlab.architecture.spec;

/** Normalisation function. */
public enum NormKind {
    RMS, LAYER
}
