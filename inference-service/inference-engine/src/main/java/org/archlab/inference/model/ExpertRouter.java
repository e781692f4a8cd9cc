package org.archlab.inference.model;

import org.archlab.architecture.spec.MixtureOfExperts;
import org.archlab.architecture.spec.Router;

/**
 * Chooses a token's experts and their weights from the router's logits, the way each family does:
 * softmax over all experts then top-k (Qwen3-MoE), top-k then softmax over those (gpt-oss, Grok), or
 * sigmoid scores chosen with a selection bias, optionally within the best groups (DeepSeek-V3, GLM-4.5,
 * MiniMax-M2, Llama 4); then optional renormalisation and the routed scaling factor.
 */
final class ExpertRouter {

    /** A token's chosen experts, best first, and the weight of each. */
    record Choice(int[] experts, float[] weights) {
    }

    private final MixtureOfExperts moe;

    ExpertRouter(MixtureOfExperts moe) {
        this.moe = moe;
    }

    Choice choose(float[] logits, int offset, float[] selectionBias) {
        int n = moe.experts();
        double[] scores = new double[n];
        for (int e = 0; e < n; e++) {
            scores[e] = logits[offset + e];
        }
        if (moe.router() == Router.SOFTMAX) {
            softmax(scores);
        } else if (moe.router() == Router.SIGMOID) {
            for (int e = 0; e < n; e++) {
                scores[e] = 1 / (1 + Math.exp(-scores[e]));
            }
        }
        double[] selection = scores.clone();
        if (selectionBias != null) {
            for (int e = 0; e < n; e++) {
                selection[e] += selectionBias[e];
            }
        }
        if (moe.groups() > 1) {
            excludeWeakGroups(selection);
        }
        int[] chosen = topK(selection, moe.topK());
        double[] weights = new double[chosen.length];
        for (int i = 0; i < chosen.length; i++) {
            weights[i] = scores[chosen[i]];
        }
        if (moe.router() == Router.SOFTMAX_SELECTED) {
            softmax(weights);
        }
        if (moe.normalizeTopK()) {
            double sum = 0;
            for (double w : weights) {
                sum += w;
            }
            for (int i = 0; i < weights.length; i++) {
                weights[i] /= sum;
            }
        }
        float[] result = new float[chosen.length];
        for (int i = 0; i < chosen.length; i++) {
            result[i] = (float) (weights[i] * moe.routedScalingFactor());
        }
        return new Choice(chosen, result);
    }

    /** Group-limited routing: a group scores the sum of its best two experts; only the best groups stay. */
    private void excludeWeakGroups(double[] selection) {
        int groups = moe.groups();
        int perGroup = selection.length / groups;
        double[] groupScores = new double[groups];
        for (int g = 0; g < groups; g++) {
            double best = Double.NEGATIVE_INFINITY;
            double second = Double.NEGATIVE_INFINITY;
            for (int e = g * perGroup; e < (g + 1) * perGroup; e++) {
                if (selection[e] > best) {
                    second = best;
                    best = selection[e];
                } else if (selection[e] > second) {
                    second = selection[e];
                }
            }
            groupScores[g] = perGroup > 1 ? best + second : best;
        }
        boolean[] kept = new boolean[groups];
        for (int g : topK(groupScores, moe.groupsPerToken())) {
            kept[g] = true;
        }
        for (int g = 0; g < groups; g++) {
            if (!kept[g]) {
                for (int e = g * perGroup; e < (g + 1) * perGroup; e++) {
                    selection[e] = Double.NEGATIVE_INFINITY;
                }
            }
        }
    }

    /** Indices of the k largest values, largest first; ties go to the lower index. */
    static int[] topK(double[] values, int k) {
        int[] best = new int[k];
        boolean[] taken = new boolean[values.length];
        for (int i = 0; i < k; i++) {
            int arg = -1;
            for (int j = 0; j < values.length; j++) {
                if (!taken[j] && (arg < 0 || values[j] > values[arg])) {
                    arg = j;
                }
            }
            taken[arg] = true;
            best[i] = arg;
        }
        return best;
    }

    private static void softmax(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.exp(v[i] - max);
            sum += v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= sum;
        }
    }
}
