package org.archlab.gateway.limits;

import org.archlab.gateway.keys.ApiKey;
import org.archlab.gateway.problems.ProblemResponses;
import org.archlab.problems.ApiProblem;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.time.Duration;

/** Refuses a key's request with 429 and {@code Retry-After} once its bucket is empty; public requests are not counted. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class RateLimitFilter implements WebFilter {

    static final String REMAINING = "X-RateLimit-Remaining";

    private final KeyBuckets buckets;
    private final ProblemResponses problems;

    RateLimitFilter(KeyBuckets buckets, ProblemResponses problems) {
        this.buckets = buckets;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var key = ApiKey.of(exchange);
        if (key.isEmpty()) {
            return chain.filter(exchange);
        }
        var probe = buckets.take(key.get());
        exchange.getResponse().getHeaders().set(REMAINING, Long.toString(probe.getRemainingTokens()));
        if (probe.isConsumed()) {
            return chain.filter(exchange);
        }
        var wait = Duration.ofNanos(probe.getNanosToWaitForRefill());
        return problems.send(exchange, ApiProblem.busy(HttpStatus.TOO_MANY_REQUESTS,
                "Key '%s' has used its allowance of requests; Retry-After says when the next one is allowed".formatted(key.get().name()),
                "rate_limited", wait));
    }
}
