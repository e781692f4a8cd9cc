package org.archlab.inference.tokenizer;

import java.util.BitSet;
import java.util.Set;

/**
 * The tokens after which generation stops. Files name EOS (and sometimes EOT); chat models also end a
 * turn with tokens that only their written form identifies, so these are recognised by text, as
 * llama.cpp does.
 */
final class EndOfGeneration {

    private static final Set<String> END_OF_TURN = Set.of(
            "<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>", "<end_of_turn>", "<|endoftext|>",
            "<|eom_id|>", "<EOT>", "_<EOT>", "<|end_of_text|>", "<end_of_utterance>", "<\uFF5Cend\u2581of\u2581sentence\uFF5C>");

    private EndOfGeneration() {
    }

    /**
     * @param declared ids the file declares (EOS, EOT, EOM); negative ones are ignored
     */
    static BitSet of(Vocabulary vocabulary, int... declared) {
        var ids = new BitSet(vocabulary.size());
        for (int id : declared) {
            if (id >= 0 && id < vocabulary.size()) {
                ids.set(id);
            }
        }
        int end = -1;
        boolean returns = false;
        boolean calls = false;
        for (int id = 0; id < vocabulary.size(); id++) {
            String text = vocabulary.text(id);
            if (END_OF_TURN.contains(text)) {
                ids.set(id);
                end = text.equals("<|end|>") ? id : end;
                returns |= text.equals("<|return|>");
                calls |= text.equals("<|call|>");
            }
        }
        // gpt-oss (harmony format) ends a channel, not the turn, with <|end|>.
        if (returns && calls && end >= 0) {
            ids.clear(end);
        }
        return ids;
    }
}
