package org.archlab.inference.server.generation;

import org.archlab.problems.ApiProblem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Generations share the KV budget first come, first served, and none waits longer than it may. */
class KvBudgetTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void bytes_that_do_not_free_up_in_time_are_refused_503_with_retry_after() {
        var budget = new KvBudget(100, Duration.ofSeconds(2));
        try (var held = budget.take(70, LONG, "first")) {
            assertThatThrownBy(() -> budget.take(40, Duration.ofMillis(20), "second"))
                    .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                        assertThat(problem.status().value()).isEqualTo(503);
                        assertThat(problem.code()).isEqualTo("kv_budget_full");
                        assertThat(problem.retryAfter()).isEqualTo(Duration.ofSeconds(2));
                    });
            assertThat(budget.used()).isEqualTo(70);
        }
        assertThat(budget.used()).isZero();
    }

    @Test
    void a_context_larger_than_the_whole_budget_is_a_bad_request_naming_max_tokens() {
        var budget = new KvBudget(100, Duration.ofSeconds(2));
        assertThatThrownBy(() -> budget.take(101, LONG, "a generation"))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.status().value()).isEqualTo(400);
                    assertThat(problem.firstField()).isEqualTo("max_tokens");
                });
    }

    @Test
    void a_small_request_does_not_overtake_a_large_one_that_waits_before_it() {
        var budget = new KvBudget(100, Duration.ofSeconds(2));
        List<String> served = new CopyOnWriteArrayList<>();
        var a = budget.take(50, LONG, "a");
        var d = budget.take(50, LONG, "d");
        CompletableFuture<KvBudget.Hold> large = CompletableFuture.supplyAsync(() -> served(budget.take(60, LONG, "large"), "large", served), Thread::startVirtualThread);
        await().until(() -> waiting(budget) == 1);
        CompletableFuture<KvBudget.Hold> small = CompletableFuture.supplyAsync(() -> served(budget.take(10, LONG, "small"), "small", served), Thread::startVirtualThread);
        await().until(() -> waiting(budget) == 2);

        a.close();
        // 50 free: enough for the small one, but the large one came first.
        d.close();

        large.join().close();
        small.join().close();
        assertThat(served).containsExactly("large", "small");
    }

    private static KvBudget.Hold served(KvBudget.Hold hold, String name, List<String> served) {
        served.add(name);
        return hold;
    }

    private static int waiting(KvBudget budget) {
        return budget.waiting();
    }
}
