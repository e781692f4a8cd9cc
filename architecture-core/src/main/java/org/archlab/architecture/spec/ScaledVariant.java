package org.archlab.architecture.spec;

/**
 * A catalog architecture made small enough to run here while keeping what is compared: every width
 * (hidden size, heads, head dims, expert and FFN widths, vocabulary) and every kind of layer stay,
 * only the layer count and the number of routed experts shrink. It is the variant a user would
 * register with the merge patch {@code {"layers": N, "moe": {"experts": E, "topK": K}}}.
 */
public final class ScaledVariant {

    private ScaledVariant() {
    }

    /**
     * The fewest layers that still hold one full cycle of every pattern after the leading dense layers, and, when
     * the last layers share KV caches, one more cycle of such layers after it.
     */
    public static int layersKeepingEveryKind(ArchitectureSpec spec) {
        LayerSchedule s = spec.schedule();
        int cycle = cycle(s);
        return Math.min(spec.layers(), s.leadingDenseLayers() + cycle + Math.min(s.sharedKvLayerCount(), cycle));
    }

    private static int cycle(LayerSchedule s) {
        return Math.max(s.mixers().size(), Math.max(s.rope().size(), s.ffn().size()));
    }

    /**
     * @param layers     layers to keep (at most the original count)
     * @param maxExperts routed experts to keep at most; enough stay for top-k and for every expert group
     */
    public static ArchitectureSpec of(ArchitectureSpec spec, int layers, int maxExperts) {
        int kept = Math.min(layers, spec.layers());
        MixtureOfExperts moe = spec.moe();
        if (moe != null && moe.experts() > maxExperts) {
            int perGroup = Math.max(2, Math.ceilDiv(Math.max(maxExperts, moe.topK()), moe.groups()));
            int experts = Math.min(moe.experts(), perGroup * moe.groups());
            moe = new MixtureOfExperts(experts, Math.min(moe.topK(), experts), moe.expertIntermediateSize(),
                    moe.sharedExperts(), moe.sharedExpertIntermediateSize(), moe.router(), moe.normalizeTopK(),
                    moe.routedScalingFactor(), moe.groups(), moe.groupsPerToken(), moe.routerBias(), moe.selectionBias(),
                    moe.expertBias(), moe.sharedExpertGate(), moe.weightInputs(), moe.outputScale());
        }
        LayerSchedule s = spec.schedule();
        // KV-shared layers stay at the end, after at least one full cycle of layers with caches of their own, so that
        // each finds a source of its mixer.
        Integer shared = s.kvSharedLayers() == null ? null
                : Math.min(s.kvSharedLayers(), Math.max(0, kept - s.leadingDenseLayers() - cycle(s)));
        var schedule = new LayerSchedule(s.mixers(), s.rope(), s.ffn(), Math.min(s.leadingDenseLayers(), kept), shared);
        ActivationSparsity sparsity = spec.activationSparsity() == null ? null
                : new ActivationSparsity(Math.min(spec.activationSparsity().layers(), kept), spec.activationSparsity().sparsity());
        return new ArchitectureSpec(spec.family(), spec.vocabSize(), spec.hiddenSize(), kept, spec.maxContext(),
                spec.embeddings(), spec.attention(), spec.rope(), spec.linearAttention(), schedule, spec.norm(),
                spec.feedForward(), moe, spec.multiTokenPrediction(), spec.output(), spec.defaultDtype(), spec.perLayerInputs(),
                spec.residualStreams(), spec.lowRankResidual(), sparsity);
    }
}
