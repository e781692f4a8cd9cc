package org.archlab.inference.server.generation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LogProbabilitiesTest {

    @Test
    void logprobs_are_a_normalised_log_softmax_and_the_top_list_is_ordered() {
        float[] logits = {1f, 3f, 2f, 3f, -1f};
        var probabilities = new LogProbabilities(logits);

        double total = 0;
        for (int i = 0; i < logits.length; i++) {
            total += Math.exp(probabilities.of(i));
        }
        assertThat(total).isCloseTo(1.0, within(1e-9));
        assertThat(probabilities.of(1) - probabilities.of(0)).isCloseTo(2.0, within(1e-6));
        assertThat(probabilities.top(3)).extracting(TokenLogprob.Alternative::token).containsExactly(1, 3, 2);
        assertThat(probabilities.top(0)).isEmpty();
    }
}
