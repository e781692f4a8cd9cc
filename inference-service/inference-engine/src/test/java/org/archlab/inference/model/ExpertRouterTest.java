package org.archlab.inference.model;

import org.archlab.architecture.spec.MixtureOfExperts;
import org.archlab.architecture.spec.Router;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Routing decisions worked out by hand for each router family. */
class ExpertRouterTest {

    private static MixtureOfExperts moe(int experts, int topK, Router router, boolean normalize, double scale,
                                        int groups, int groupsPerToken) {
        return new MixtureOfExperts(experts, topK, 8, 0, 0, router, normalize, scale, groups, groupsPerToken,
                false, false, false, false, null, null);
    }

    @Test
    void softmax_router_takes_the_top_k_of_the_softmax_over_all_experts() {
        var choice = new ExpertRouter(moe(4, 2, Router.SOFTMAX, false, 1, 1, 1))
                .choose(new float[]{1, 3, 2, 0}, 0, null);
        double z = Math.exp(1) + Math.exp(3) + Math.exp(2) + Math.exp(0);
        assertThat(choice.experts()).containsExactly(1, 2);
        assertThat(choice.weights()[0]).isCloseTo((float) (Math.exp(3) / z), within(1e-6f));
        assertThat(choice.weights()[1]).isCloseTo((float) (Math.exp(2) / z), within(1e-6f));
    }

    @Test
    void softmax_over_the_selected_experts_sums_to_one() {
        var choice = new ExpertRouter(moe(4, 2, Router.SOFTMAX_SELECTED, false, 1, 1, 1))
                .choose(new float[]{1, 3, 2, 0}, 0, null);
        assertThat(choice.experts()).containsExactly(1, 2);
        assertThat(choice.weights()[0]).isCloseTo((float) (Math.exp(1) / (Math.exp(1) + 1)), within(1e-6f));
        assertThat(choice.weights()[0] + choice.weights()[1]).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void selection_bias_changes_which_experts_are_chosen_but_not_their_weights() {
        var router = new ExpertRouter(moe(4, 1, Router.SIGMOID, false, 2.5, 1, 1));
        var choice = router.choose(new float[]{2, 1, 0, 0}, 0, new float[]{0, 5, 0, 0});
        assertThat(choice.experts()).containsExactly(1);
        assertThat(choice.weights()[0]).isCloseTo((float) (2.5 / (1 + Math.exp(-1))), within(1e-6f));
    }

    @Test
    void group_limited_routing_only_chooses_inside_the_best_groups() {
        // groups {0,1} {2,3} {4,5}; group scores = sum of both members; the best group is {4,5}
        var router = new ExpertRouter(moe(6, 2, Router.SIGMOID, true, 1, 3, 1));
        var choice = router.choose(new float[]{4, -4, 1, 1, 2, 2}, 0, null);
        assertThat(choice.experts()).containsExactlyInAnyOrder(4, 5);
        assertThat(choice.weights()[0] + choice.weights()[1]).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void ties_go_to_the_lower_index_as_in_llama_cpp() {
        assertThat(ExpertRouter.topK(new double[]{1, 2, 2, 0}, 2)).containsExactly(1, 2);
    }
}
