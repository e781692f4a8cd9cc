package org.archlab.architecture.analysis;

/** What part of the model a weight tensor belongs to, for the parameter breakdown. */
public enum Component {
    EMBEDDINGS, POSITIONS, ATTENTION, LINEAR_ATTENTION, FFN, EXPERTS, SHARED_EXPERTS, ROUTER, NORMS, HEAD, MTP
}
