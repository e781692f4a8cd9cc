package org.archlab.inference.server.models;

import org.archlab.architecture.spec.ArchitectureSpec;

/** What a model is built from: a registry architecture with random weights, or a registered checkpoint. */
public sealed interface ModelSource permits SeededArchitecture, Checkpoint {

    /** Identity of the built model: two requests with equal keys share one loaded model. */
    String key();

    /** How the API names the model. */
    String id();

    ArchitectureSpec spec();

    /** Bytes the weights take once loaded. */
    long weightBytes();

    /**
     * The part of {@link #weightBytes()} that is streamable rather than resident (Gemma 3n's per-layer token
     * table); 0 when the model has none. The loaded model reports the measured figure.
     */
    long streamableWeightBytes();

    /** {@code random} or the checkpoint's format. */
    String weights();

    /** The weights' matrix format, e.g. {@code Q8_0}. */
    String dtype();

    /** The registry revision; null for a checkpoint. */
    Integer revision();
}
