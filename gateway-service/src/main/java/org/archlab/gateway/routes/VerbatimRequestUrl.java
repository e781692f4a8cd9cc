package org.archlab.gateway.routes;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.URI;

/**
 * Sends a service the path and query exactly as the client wrote them. Spring Cloud Gateway rebuilds the URL,
 * and a query it does not judge fully encoded (a value holding {@code =}, say) it encodes again, so {@code a%20b}
 * would arrive as {@code a%2520b}. Routes never rewrite paths, so the client's raw path and query are the right ones.
 */
@Component
class VerbatimRequestUrl implements GlobalFilter, Ordered {

    @Override
    public int getOrder() {
        return RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        URI service = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
        if (service == null || service.getRawAuthority() == null) {
            return chain.filter(exchange);
        }
        URI sent = exchange.getRequest().getURI();
        String query = sent.getRawQuery() == null ? "" : "?" + sent.getRawQuery();
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR,
                URI.create(service.getScheme() + "://" + service.getRawAuthority() + sent.getRawPath() + query));
        return chain.filter(exchange);
    }
}
