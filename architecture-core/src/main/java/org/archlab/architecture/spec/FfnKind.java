package org.archlab.architecture.spec;

/** The feed-forward network of a layer. */
public enum FfnKind {
    DENSE, MOE
}
