package org.archlab.inference.model;

import org.archlab.inference.cache.ContextMemory;

import java.util.Objects;

/**
 * One row of a batched step ({@link Transformer#step}): a token of one sequence at its position, run against
 * that sequence's own memory. A decode step has one row per sequence; a prefill chunk has consecutive rows of the
 * same sequence at consecutive positions; a step may mix both.
 *
 * @param memory   the sequence's KV caches and recurrent states ({@link Transformer#newSequenceMemory})
 * @param token    the token id at this position
 * @param position where the token sits in its sequence (0 starts the sequence and clears its recurrent state)
 * @param logits   whether the step returns this row's logits (a prefill chunk needs only its last row's)
 */
public record StepRow(ContextMemory memory, int token, int position, boolean logits) {

    public StepRow {
        Objects.requireNonNull(memory, "memory");
        if (position < 0 || position >= memory.maxTokens()) {
            throw new IllegalArgumentException("position " + position + " is outside the sequence memory's "
                    + memory.maxTokens() + " positions");
        }
    }

    /** A decode row: one token whose logits pick the sequence's next token. */
    public static StepRow decode(ContextMemory memory, int token, int position) {
        return new StepRow(memory, token, position, true);
    }
}
