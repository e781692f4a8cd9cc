package org.archlab.architecture.validation;

import org.archlab.architecture.spec.ActivationSparsity;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Attention;
import org.archlab.architecture.spec.FfnKind;
import org.archlab.architecture.spec.LatentAttentionShape;
import org.archlab.architecture.spec.LayerPlan;
import org.archlab.architecture.spec.LayerSchedule;
import org.archlab.architecture.spec.LinearAttention;
import org.archlab.architecture.spec.MixtureOfExperts;
import org.archlab.architecture.spec.Mixer;
import org.archlab.architecture.spec.PerLayerInputs;
import org.archlab.architecture.spec.ResidualStreams;
import org.archlab.architecture.spec.Rope;
import org.archlab.architecture.spec.RopeScaling;

import java.util.ArrayList;
import java.util.List;

/**
 * Rejects specs that cannot describe a real model, naming each offending field. Sizes are bounded well
 * above any real model so that no analytic can overflow a {@code long}.
 */
public final class SpecValidator {

    static final int MAX_WIDTH = 1 << 20;
    static final int MAX_LAYERS = 4096;
    static final int MAX_VOCAB = 1 << 24;
    static final int MAX_HEADS = 4096;
    static final int MAX_EXPERTS = 1 << 16;
    static final int MAX_CONTEXT = 1 << 28;

    private final List<Violation> violations = new ArrayList<>();

    private SpecValidator() {
    }

    /** All violations of the spec; empty when it is valid. */
    public static List<Violation> violations(ArchitectureSpec spec) {
        var validator = new SpecValidator();
        validator.check(spec);
        return List.copyOf(validator.violations);
    }

    /** Returns the spec when valid, else throws with every violation. */
    public static ArchitectureSpec requireValid(ArchitectureSpec spec) {
        var found = violations(spec);
        if (!found.isEmpty()) {
            throw new InvalidSpecException(found);
        }
        return spec;
    }

    private void check(ArchitectureSpec spec) {
        if (spec == null) {
            fail("", "a spec is required");
            return;
        }
        if (spec.family() == null || spec.family().isBlank()) {
            fail("family", "must not be blank");
        }
        range("vocabSize", spec.vocabSize(), 1, MAX_VOCAB);
        range("hiddenSize", spec.hiddenSize(), 1, MAX_WIDTH);
        range("layers", spec.layers(), 1, MAX_LAYERS);
        range("maxContext", spec.maxContext(), 1, MAX_CONTEXT);
        required("defaultDtype", spec.defaultDtype());
        required("output", spec.output());
        if (required("embeddings", spec.embeddings())) {
            range("embeddings.learnedPositions", spec.embeddings().learnedPositions(), 0, MAX_CONTEXT);
            positive("embeddings.scale", spec.embeddings().scale());
        }
        if (required("norm", spec.norm())) {
            required("norm.kind", spec.norm().kind());
            required("norm.placement", spec.norm().placement());
            if (!(spec.norm().eps() > 0 && spec.norm().eps() < 1)) {
                fail("norm.eps", "must be between 0 and 1, was " + spec.norm().eps());
            }
        }
        if (spec.output() != null) {
            positive("output.logitSoftcap", spec.output().logitSoftcap());
            positive("output.logitScale", spec.output().logitScale());
        }
        if (!required("schedule", spec.schedule()) || !checkSchedule(spec.schedule(), spec.layers())) {
            return;
        }
        var plans = spec.layers() > 0 && spec.layers() <= MAX_LAYERS ? spec.layerPlans() : List.<LayerPlan>of();
        boolean softmaxLayers = plans.stream().anyMatch(p -> p.mixer() != Mixer.LINEAR);
        boolean ropeLayers = plans.stream().anyMatch(p -> p.mixer() != Mixer.LINEAR && p.rope());
        boolean linearLayers = plans.stream().anyMatch(p -> p.mixer() == Mixer.LINEAR);
        boolean denseLayers = plans.stream().anyMatch(p -> p.ffn() == FfnKind.DENSE);
        boolean moeLayers = plans.stream().anyMatch(p -> p.ffn() == FfnKind.MOE);

        if (softmaxLayers && required("attention", spec.attention())) {
            checkAttention(spec.attention(), plans.stream().anyMatch(p -> p.mixer() == Mixer.SLIDING),
                    plans.stream().anyMatch(p -> p.mixer() == Mixer.CHUNKED));
        }
        if (ropeLayers && required("rope", spec.rope())) {
            checkRope(spec.rope(), spec.attention());
        }
        if (linearLayers && required("linearAttention", spec.linearAttention())) {
            checkLinear(spec.linearAttention());
        }
        if (denseLayers && required("feedForward", spec.feedForward())) {
            required("feedForward.activation", spec.feedForward().activation());
            range("feedForward.intermediateSize", spec.feedForward().intermediateSize(), 1, MAX_WIDTH);
        }
        if (moeLayers && required("moe", spec.moe())) {
            checkMoe(spec.moe());
            if (spec.feedForward() == null || spec.feedForward().activation() == null) {
                fail("feedForward.activation", "MoE experts take their activation from feedForward; it is required");
            }
        }
        if (!moeLayers && spec.moe() != null) {
            fail("schedule.ffn", "moe is set but no layer uses it; add MOE to the ffn pattern or remove moe");
        }
        if (spec.multiTokenPrediction() != null) {
            range("multiTokenPrediction.modules", spec.multiTokenPrediction().modules(), 0, 64);
            range("multiTokenPrediction.layersPerModule", spec.multiTokenPrediction().layersPerModule(), 1, 64);
        }
        checkKvSharing(spec, plans);
        checkPerLayerInputs(spec);
        checkResidualStreams(spec.residualStreams());
        if (spec.lowRankResidual() != null) {
            // Not bounded by hiddenSize: llama.cpp's Gemma 3n fixes the rank at 64 whatever the width, so a small
            // test model has a "low-rank" branch wider than its hidden size, which is wasteful but well-defined.
            range("lowRankResidual.rank", spec.lowRankResidual().rank(), 1, MAX_WIDTH);
        }
        checkActivationSparsity(spec, plans);
    }

    /** Each shared layer must find an earlier softmax-attention layer of its mixer with a cache of its own. */
    private void checkKvSharing(ArchitectureSpec spec, List<LayerPlan> plans) {
        int shared = spec.schedule().sharedKvLayerCount();
        if (shared == 0) {
            return;
        }
        if (spec.attention() != null && spec.attention().isLatent()) {
            fail("schedule.kvSharedLayers", "KV sharing with latent attention (MLA) is not supported: a shared layer "
                    + "would need the source layer's up-projections, which the spec does not describe");
            return;
        }
        for (LayerPlan plan : plans.subList(spec.layers() - shared, spec.layers())) {
            if (plan.mixer() == Mixer.LINEAR) {
                fail("schedule.kvSharedLayers", "layer " + plan.index() + " is a LINEAR layer, which has a recurrent "
                        + "state instead of a KV cache and cannot share one");
                return;
            }
            if (plan.kvSharedFrom() == null) {
                fail("schedule.kvSharedLayers", "layer " + plan.index() + " (" + plan.mixer() + ") has no earlier "
                        + plan.mixer() + " layer outside the last " + shared + " whose KV cache it could read");
                return;
            }
        }
    }

    private void checkPerLayerInputs(ArchitectureSpec spec) {
        PerLayerInputs p = spec.perLayerInputs();
        if (p == null) {
            return;
        }
        range("perLayerInputs.width", p.width(), 1, MAX_WIDTH);
        range("perLayerInputs.vocabSize", p.vocabSize(), 1, Math.max(1, spec.vocabSize()));
    }

    private void checkResidualStreams(ResidualStreams r) {
        if (r == null) {
            return;
        }
        range("residualStreams.streams", r.streams(), 2, 64);
        if (r.activeStream() < 0 || r.activeStream() >= r.streams()) {
            fail("residualStreams.activeStream", "must be between 0 and streams − 1 (" + (r.streams() - 1)
                    + "), was " + r.activeStream());
        }
    }

    /** The statistical top-k cuts a gate, so it needs a gated dense FFN in every layer it applies to. */
    private void checkActivationSparsity(ArchitectureSpec spec, List<LayerPlan> plans) {
        ActivationSparsity a = spec.activationSparsity();
        if (a == null) {
            return;
        }
        range("activationSparsity.layers", a.layers(), 1, spec.layers());
        if (!(a.sparsity() > 0 && a.sparsity() < 1)) {
            fail("activationSparsity.sparsity", "must be strictly between 0 and 1, was " + a.sparsity());
        }
        if (spec.feedForward() == null || spec.feedForward().activation() == null
                || !spec.feedForward().activation().gated()) {
            fail("activationSparsity", "cuts the feed-forward gate, so feedForward.activation must be a gated one "
                    + "(SWIGLU, GEGLU, SWIGLU_OAI)");
        }
        plans.stream().limit(Math.max(0, a.layers())).filter(p -> p.ffn() == FfnKind.MOE).findFirst()
                .ifPresent(p -> fail("activationSparsity.layers", "layer " + p.index()
                        + " is a mixture-of-experts layer; the sparsity applies only to dense feed-forward layers"));
    }

    private boolean checkSchedule(LayerSchedule schedule, int layers) {
        int before = violations.size();
        pattern("schedule.mixers", schedule.mixers(), layers);
        pattern("schedule.rope", schedule.rope(), layers);
        pattern("schedule.ffn", schedule.ffn(), layers);
        range("schedule.leadingDenseLayers", schedule.leadingDenseLayers(), 0, Math.max(0, layers));
        if (schedule.kvSharedLayers() != null) {
            range("schedule.kvSharedLayers", schedule.kvSharedLayers(), 0, Math.max(0, layers - 1));
        }
        return violations.size() == before && layers > 0 && layers <= MAX_LAYERS;
    }

    private void pattern(String field, List<?> pattern, int layers) {
        if (pattern == null || pattern.isEmpty()) {
            fail(field, "must list at least one entry");
            return;
        }
        if (pattern.size() > layers) {
            fail(field, "has " + pattern.size() + " entries but the model has " + layers + " layers");
        }
        for (int i = 0; i < pattern.size(); i++) {
            if (pattern.get(i) == null) {
                fail(field + "[" + i + "]", "must not be null");
            }
        }
    }

    private void checkAttention(Attention attention, boolean sliding, boolean chunked) {
        range("attention.heads", attention.heads(), 1, MAX_HEADS);
        required("attention.qkNorm", attention.qkNorm());
        positive("attention.logitSoftcap", attention.logitSoftcap());
        positive("attention.queryScale", attention.queryScale());
        if (attention.isLatent()) {
            checkLatent(attention.mla());
            if (attention.normalizesValues()) {
                fail("attention.valueNorm", "latent attention (MLA) caches a compressed latent, not value heads to normalise");
            }
        } else {
            range("attention.kvHeads", attention.kvHeads(), 1, MAX_HEADS);
            range("attention.headDim", attention.headDim(), 1, 65536);
            range("attention.valueHeadDim", attention.valueHeadDim(), 1, 65536);
            if (attention.heads() > 0 && attention.kvHeads() > 0 && attention.heads() % attention.kvHeads() != 0) {
                fail("attention.kvHeads", "heads (" + attention.heads() + ") must be divisible by kvHeads ("
                        + attention.kvHeads() + ") so query heads share key/value heads evenly");
            }
        }
        if (sliding && attention.slidingWindow() == null) {
            fail("attention.slidingWindow", "required because the schedule has SLIDING layers");
        }
        if (attention.slidingWindow() != null) {
            range("attention.slidingWindow", attention.slidingWindow(), 1, MAX_CONTEXT);
        }
        if (chunked && attention.chunkSize() == null) {
            fail("attention.chunkSize", "required because the schedule has CHUNKED layers");
        }
        if (attention.chunkSize() != null) {
            range("attention.chunkSize", attention.chunkSize(), 1, MAX_CONTEXT);
        }
    }

    private void checkLatent(LatentAttentionShape mla) {
        range("attention.mla.queryLoraRank", mla.queryLoraRank(), 0, MAX_WIDTH);
        range("attention.mla.kvLoraRank", mla.kvLoraRank(), 1, MAX_WIDTH);
        range("attention.mla.qkNopeHeadDim", mla.qkNopeHeadDim(), 0, 65536);
        range("attention.mla.qkRopeHeadDim", mla.qkRopeHeadDim(), 2, 65536);
        range("attention.mla.valueHeadDim", mla.valueHeadDim(), 1, 65536);
        if (mla.qkRopeHeadDim() % 2 != 0) {
            fail("attention.mla.qkRopeHeadDim", "must be even (RoPE rotates pairs)");
        }
    }

    private void checkRope(Rope rope, Attention attention) {
        if (!(rope.theta() > 0)) {
            fail("rope.theta", "must be positive");
        }
        positive("rope.localTheta", rope.localTheta());
        if (!(rope.rotaryFraction() > 0 && rope.rotaryFraction() <= 1)) {
            fail("rope.rotaryFraction", "must be in (0, 1], was " + rope.rotaryFraction());
        } else if (attention != null && !attention.isLatent() && attention.headDim() > 0) {
            double rotary = attention.headDim() * rope.rotaryFraction();
            if (rotary != Math.rint(rotary) || ((long) rotary) % 2 != 0) {
                fail("rope.rotaryFraction", "headDim × rotaryFraction = " + rotary + " must be an even whole number");
            }
        }
        RopeScaling scaling = rope.scaling();
        if (scaling != null) {
            required("rope.scaling.type", scaling.type());
            if (!(scaling.factor() >= 1)) {
                fail("rope.scaling.factor", "must be at least 1");
            }
            if (scaling.type() != null) {
                switch (scaling.type()) {
                    case LLAMA3 -> {
                        required("rope.scaling.originalMaxPositions", scaling.originalMaxPositions());
                        required("rope.scaling.lowFreqFactor", scaling.lowFreqFactor());
                        required("rope.scaling.highFreqFactor", scaling.highFreqFactor());
                        if (scaling.lowFreqFactor() != null && scaling.highFreqFactor() != null
                                && !(scaling.highFreqFactor() > scaling.lowFreqFactor())) {
                            fail("rope.scaling.highFreqFactor", "must be greater than lowFreqFactor");
                        }
                    }
                    case YARN -> required("rope.scaling.originalMaxPositions", scaling.originalMaxPositions());
                    case LINEAR -> {
                    }
                }
            }
        }
    }

    private void checkLinear(LinearAttention linear) {
        range("linearAttention.keyHeads", linear.keyHeads(), 1, MAX_HEADS);
        range("linearAttention.valueHeads", linear.valueHeads(), 1, MAX_HEADS);
        range("linearAttention.keyHeadDim", linear.keyHeadDim(), 1, 65536);
        range("linearAttention.valueHeadDim", linear.valueHeadDim(), 1, 65536);
        range("linearAttention.convKernel", linear.convKernel(), 1, 64);
        if (linear.keyHeads() > 0 && linear.valueHeads() % linear.keyHeads() != 0) {
            fail("linearAttention.valueHeads", "must be a multiple of keyHeads (" + linear.keyHeads() + ")");
        }
    }

    private void checkMoe(MixtureOfExperts moe) {
        range("moe.experts", moe.experts(), 1, MAX_EXPERTS);
        range("moe.expertIntermediateSize", moe.expertIntermediateSize(), 1, MAX_WIDTH);
        required("moe.router", moe.router());
        if (moe.topK() < 1) {
            fail("moe.topK", "must be at least 1");
        } else if (moe.topK() > moe.experts()) {
            fail("moe.topK", "must not exceed the number of experts (" + moe.experts() + "), was " + moe.topK());
        }
        range("moe.sharedExperts", moe.sharedExperts(), 0, 64);
        if (moe.sharedExperts() > 0) {
            range("moe.sharedExpertIntermediateSize", moe.sharedExpertIntermediateSize(), 1, MAX_WIDTH);
        }
        if (!(moe.routedScalingFactor() > 0)) {
            fail("moe.routedScalingFactor", "must be positive");
        }
        range("moe.groups", moe.groups(), 1, MAX_EXPERTS);
        if (moe.groups() >= 1) {
            if (moe.experts() % moe.groups() != 0) {
                fail("moe.groups", "experts (" + moe.experts() + ") must divide into " + moe.groups() + " equal groups");
            }
            range("moe.groupsPerToken", moe.groupsPerToken(), 1, moe.groups());
            if (moe.groupsPerToken() >= 1 && moe.experts() % moe.groups() == 0 && moe.topK() <= moe.experts()
                    && (long) moe.groupsPerToken() * (moe.experts() / moe.groups()) < moe.topK()) {
                fail("moe.groupsPerToken", "the chosen groups hold fewer experts than topK");
            }
        }
        if (moe.sharedExpertGate() && moe.sharedExperts() == 0) {
            fail("moe.sharedExpertGate", "needs a shared expert to gate");
        }
    }

    private boolean required(String field, Object value) {
        if (value == null) {
            fail(field, "is required");
            return false;
        }
        return true;
    }

    private void range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            fail(field, value < min ? "must be at least " + min + ", was " + value
                    : "must be at most " + max + ", was " + value);
        }
    }

    private void positive(String field, Double value) {
        if (value != null && !(value > 0 && Double.isFinite(value))) {
            fail(field, "must be a positive number when set, was " + value);
        }
    }

    private void fail(String field, String message) {
        violations.add(new Violation(field, message));
    }
}
