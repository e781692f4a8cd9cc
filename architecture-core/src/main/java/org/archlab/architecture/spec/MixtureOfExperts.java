package org.archlab.architecture.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The mixture-of-experts FFN of MoE layers.
 *
 * @param experts                    routed experts
 * @param topK                       experts each token uses
 * @param expertIntermediateSize     hidden width of each routed expert
 * @param sharedExperts              always-on experts (DeepSeek-V3, GLM-4.5, Qwen3-Next, Grok's dense branch)
 * @param sharedExpertIntermediateSize hidden width of each shared expert
 * @param router                     how routing weights are computed
 * @param normalizeTopK              the selected weights are renormalised to sum to 1
 * @param routedScalingFactor        the routed experts' output is multiplied by this
 * @param groups                     expert groups for group-limited routing (1 = none)
 * @param groupsPerToken             groups a token may route into
 * @param routerBias                 the router projection has a bias (gpt-oss)
 * @param selectionBias              a learned bias added to scores for selection only (DeepSeek-V3 aux-loss-free balancing)
 * @param expertBias                 expert projections have biases (gpt-oss)
 * @param sharedExpertGate           the shared expert's output is scaled by sigmoid(w·x) (Qwen3-Next)
 * @param weightInputs               each selected expert's routing weight scales its input instead of its
 *                                   output (Llama 4); {@code null} = output
 * @param outputScale                the whole FFN's output (experts and shared experts) is multiplied by this
 *                                   (Grok: √½); {@code null} = 1
 */
public record MixtureOfExperts(
        int experts,
        int topK,
        int expertIntermediateSize,
        int sharedExperts,
        int sharedExpertIntermediateSize,
        Router router,
        boolean normalizeTopK,
        double routedScalingFactor,
        int groups,
        int groupsPerToken,
        boolean routerBias,
        boolean selectionBias,
        boolean expertBias,
        boolean sharedExpertGate,
        Boolean weightInputs,
        Double outputScale) {

    @JsonIgnore
    public boolean weightsExpertInputs() {
        return Boolean.TRUE.equals(weightInputs);
    }

    /** The factor on the FFN's output (1 unless set). */
    @JsonIgnore
    public double outputFactor() {
        return outputScale == null ? 1.0 : outputScale;
    }
}
