package org.archlab.gateway.resilience;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.time.Duration;

/**
 * Asks a service again, twice with back-off, when a {@code GET} finds it refusing the connection or answering
 * 5xx; a timeout is never retried, and nothing else is. Not the {@code Retry} filter of the route configuration:
 * configured on a route, that filter makes the gateway hold every request body of the route in memory before
 * sending it (to replay it), whatever its method, and a GGUF upload is gigabytes. A GET has no body to replay.
 */
@Component
class ReadRetries implements GlobalFilter, Ordered {

    /** Before the routes' own filters (the circuit breaker is their first), so each attempt is one call it counts. */
    static final int ORDER = 0;

    private final GatewayFilter retry;

    ReadRetries() {
        var config = new RetryGatewayFilterFactory.RetryConfig()
                .setRetries(2)
                .setMethods(HttpMethod.GET)
                .setExceptions(IOException.class)
                .setBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2, false);
        // Without a route id the factory asks for no body caching.
        this.retry = new RetryGatewayFilterFactory().apply(config);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return HttpMethod.GET.equals(exchange.getRequest().getMethod()) ? retry.filter(exchange, chain) : chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
