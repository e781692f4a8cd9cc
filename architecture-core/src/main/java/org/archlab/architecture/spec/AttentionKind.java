package org.archlab.architecture.spec;

/** The kind of attention a model uses, as the comparison article classifies them. */
public enum AttentionKind {
    MHA, GQA, MQA, MLA, HYBRID_LINEAR;

    public static AttentionKind of(ArchitectureSpec spec) {
        if (spec.schedule().mixers().contains(Mixer.LINEAR)) {
            return HYBRID_LINEAR;
        }
        Attention a = spec.attention();
        if (a.isLatent()) {
            return MLA;
        }
        if (a.kvHeads() == a.heads()) {
            return MHA;
        }
        return a.kvHeads() == 1 ? MQA : GQA;
    }
}
