package org.archlab.architecture.spec;

import org.archlab.architecture.validation.SpecValidator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * A catalog architecture made small enough to run here while keeping what is compared: every width
 * (hidden size, heads, head dims, expert and FFN widths, vocabulary), the number of active experts and every
 * kind of layer stay, only the layer count and the number of routed experts shrink. Layers are dropped in whole
 * cycles of the schedule's patterns, so each kind keeps its share of the layers; the knobs that count layers
 * (leading dense layers, KV-shared layers at the end, layers with a sparse gate) shrink in proportion, but never to
 * none where the original has some. The one derivation behind the registry's scaled variants, benchmark jobs with a
 * {@code scale} and {@code ./archlab bench --catalog}; every spec it returns passes {@link SpecValidator}.
 */
public final class ScaledVariant {

    /** Binary-search steps over the fraction kept: far finer than one layer or one expert of any catalog model. */
    private static final int FIT_STEPS = 40;

    private ScaledVariant() {
    }

    /** The fewest layers that still hold every kind of layer of the original in its proportions. */
    public static int layersKeepingEveryKind(ArchitectureSpec spec) {
        return layerCounts(spec).getFirst();
    }

    /**
     * The layer counts a variant may have, fewest first: whole cycles of the schedule that hold every kind of layer
     * the original has (mixer, positions, FFN, own or shared KV cache, sparse gate), and the original count.
     */
    public static List<Integer> layerCounts(ArchitectureSpec spec) {
        LayerSchedule s = spec.schedule();
        int cycle = lcm(s.mixers().size(), lcm(s.rope().size(), s.ffn().size()));
        Set<List<Object>> kinds = kinds(spec);
        var counts = new ArrayList<Integer>();
        for (int n = cycle; n < spec.layers(); n += cycle) {
            ArchitectureSpec candidate = shrink(spec, n, Integer.MAX_VALUE);
            if (SpecValidator.violations(candidate).isEmpty() && kinds(candidate).equals(kinds)) {
                counts.add(n);
            }
        }
        counts.add(spec.layers());
        return List.copyOf(counts);
    }

    /**
     * The variant with {@code layers} layers and at most {@code maxExperts} routed experts.
     *
     * @param layers     layers to keep: raised to {@link #layersKeepingEveryKind}, capped at the original count
     * @param maxExperts routed experts to keep at most; enough stay for top-k and for every expert group
     */
    public static ArchitectureSpec of(ArchitectureSpec spec, int layers, int maxExperts) {
        List<Integer> counts = layerCounts(spec);
        int kept = counts.getLast();
        for (int n : counts) {
            // The count nearest the wish from above, so a wish between two cycles keeps the next whole cycle.
            if (n >= layers) {
                kept = n;
                break;
            }
        }
        return SpecValidator.requireValid(shrink(spec, kept, maxExperts));
    }

    /**
     * The largest variant whose memory fits the budget: the largest fraction f of the layers and of the routed
     * experts (the same fraction of both, so the experts' share of the weights stays) that fits, each rounded down
     * to what {@link #of} can keep.
     *
     * @param bytes  what a spec takes in memory (the inference engine's count: {@code RunMemory.bytes})
     * @param budget bytes it may take
     * @return the original itself when it fits whole; empty when even the smallest variant does not fit
     */
    public static Optional<ArchitectureSpec> fit(ArchitectureSpec spec, ToLongFunction<ArchitectureSpec> bytes, long budget) {
        List<Integer> counts = layerCounts(spec);
        if (bytes.applyAsLong(spec) <= budget) {
            return Optional.of(spec);
        }
        ArchitectureSpec smallest = atFraction(spec, counts, 0);
        if (bytes.applyAsLong(smallest) > budget) {
            return Optional.empty();
        }
        double fits = 0;
        double tooLarge = 1;
        for (int i = 0; i < FIT_STEPS; i++) {
            double f = (fits + tooLarge) / 2;
            if (bytes.applyAsLong(atFraction(spec, counts, f)) <= budget) {
                fits = f;
            } else {
                tooLarge = f;
            }
        }
        return Optional.of(atFraction(spec, counts, fits));
    }

    /** The smallest variant: fewest layers that keep every kind, fewest experts that keep top-k and the groups. */
    public static ArchitectureSpec smallest(ArchitectureSpec spec) {
        return atFraction(spec, layerCounts(spec), 0);
    }

    private static ArchitectureSpec atFraction(ArchitectureSpec spec, List<Integer> counts, double f) {
        int layers = counts.getFirst();
        for (int n : counts) {
            if (n <= f * spec.layers()) {
                layers = n;
            }
        }
        int experts = spec.hasMoe() ? Math.max(1, (int) Math.floor(f * spec.moe().experts())) : Integer.MAX_VALUE;
        return SpecValidator.requireValid(shrink(spec, layers, experts));
    }

    /** The first {@code kept} layers, the layer-counting knobs in proportion, the routed experts cut to {@code maxExperts}. */
    private static ArchitectureSpec shrink(ArchitectureSpec spec, int kept, int maxExperts) {
        MixtureOfExperts moe = spec.moe();
        if (moe != null && moe.experts() > maxExperts) {
            int perGroup = Math.max(2, Math.ceilDiv(Math.max(maxExperts, moe.topK()), moe.groups()));
            int experts = Math.min(moe.experts(), perGroup * moe.groups());
            moe = new MixtureOfExperts(experts, Math.min(moe.topK(), experts), moe.expertIntermediateSize(),
                    moe.sharedExperts(), moe.sharedExpertIntermediateSize(), moe.router(), moe.normalizeTopK(),
                    moe.routedScalingFactor(), moe.groups(), moe.groupsPerToken(), moe.routerBias(), moe.selectionBias(),
                    moe.expertBias(), moe.sharedExpertGate(), moe.weightInputs(), moe.outputScale());
        }
        int total = spec.layers();
        LayerSchedule s = spec.schedule();
        boolean moeLayersInPattern = s.ffn().contains(FfnKind.MOE);
        // Leading dense layers in front of MoE ones must leave at least one MoE layer.
        int leading = Math.min(share(s.leadingDenseLayers(), kept, total), moeLayersInPattern ? kept - 1 : kept);
        Integer kvShared = s.kvSharedLayers() == null ? null : share(s.kvSharedLayers(), kept, total);
        var schedule = new LayerSchedule(s.mixers(), s.rope(), s.ffn(), Math.max(0, leading), kvShared);
        ActivationSparsity sparsity = spec.activationSparsity() == null ? null
                : new ActivationSparsity(share(spec.activationSparsity().layers(), kept, total), spec.activationSparsity().sparsity());
        return new ArchitectureSpec(spec.family(), spec.vocabSize(), spec.hiddenSize(), kept, spec.maxContext(),
                spec.embeddings(), spec.attention(), spec.rope(), spec.linearAttention(), schedule, spec.norm(),
                spec.feedForward(), moe, spec.multiTokenPrediction(), spec.output(), spec.defaultDtype(), spec.perLayerInputs(),
                spec.residualStreams(), spec.lowRankResidual(), sparsity);
    }

    /** {@code count} of {@code total} layers carried over to {@code kept}: rounded, and at least one where there was one. */
    private static int share(int count, int kept, int total) {
        if (count <= 0) {
            return count;
        }
        return (int) Math.max(1, Math.min(kept, Math.round((double) count * kept / total)));
    }

    /**
     * Each kind of layer once: mixer, positions (softmax layers) and FFN together; and apart from them whether a layer
     * keeps its own cache and whether its gate is sparse (those run over a few leading or trailing layers, which a
     * small variant could not hold in every combination).
     */
    private static Set<List<Object>> kinds(ArchitectureSpec spec) {
        var kinds = new HashSet<List<Object>>();
        for (LayerPlan p : spec.layerPlans()) {
            kinds.add(List.of(p.mixer(), p.mixer() != Mixer.LINEAR && p.rope(), p.ffn()));
            kinds.add(List.of("owns cache", p.ownsCache()));
            kinds.add(List.of("sparse gate", p.gateSparsity() != null));
        }
        return kinds;
    }

    private static int lcm(int a, int b) {
        int x = a;
        int y = b;
        while (y != 0) {
            int t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }
}
