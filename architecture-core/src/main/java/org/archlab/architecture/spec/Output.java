package org.archlab.architecture.spec;

/**
 * Processing of the final logits.
 *
 * @param logitSoftcap logits become softcap·tanh(logit/softcap) ({@code null} = none)
 * @param logitScale   logits are multiplied by this ({@code null} = 1); Grok
 */
public record Output(Double logitSoftcap, Double logitScale) {

    public static final Output PLAIN = new Output(null, null);
}
