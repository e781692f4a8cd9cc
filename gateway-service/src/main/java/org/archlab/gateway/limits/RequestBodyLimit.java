package org.archlab.gateway.limits;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps request bodies per route: the route's {@code max-request-body} metadata (a size, or -1 for none, as for
 * GGUF imports, of which the registry reads only the header), else {@code archlab.gateway.limits.max-request-body}.
 * A declared Content-Length over the cap is refused before anything is sent; a chunked body is cut off
 * where it passes the cap.
 */
@Component
class RequestBodyLimit implements GlobalFilter, Ordered {

    static final String METADATA = "max-request-body";

    private final DataSize defaultLimit;

    RequestBodyLimit(LimitProperties limits) {
        this.defaultLimit = limits.maxRequestBody();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        DataSize limit = limitOf(exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR));
        if (limit.isNegative()) {
            return chain.filter(exchange);
        }
        var request = exchange.getRequest();
        if (request.getHeaders().getContentLength() > limit.toBytes()) {
            return Mono.error(new RequestBodyTooLarge(limit));
        }
        var counted = new AtomicLong();
        var capped = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return super.getBody().doOnNext(buffer -> {
                    if (counted.addAndGet(buffer.readableByteCount()) > limit.toBytes()) {
                        DataBufferUtils.release(buffer);
                        throw new RequestBodyTooLarge(limit);
                    }
                });
            }
        };
        return chain.filter(exchange.mutate().request(capped).build());
    }

    private DataSize limitOf(Route route) {
        Object configured = route == null ? null : route.getMetadata().get(METADATA);
        return configured == null ? defaultLimit : DataSize.parse(configured.toString());
    }
}
