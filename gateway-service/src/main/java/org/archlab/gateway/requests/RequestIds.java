package org.archlab.gateway.requests;

import org.archlab.gateway.keys.ApiKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an {@code X-Request-Id}: the client's, when it sent a sensible one, else a new UUID.
 * The id goes to the service behind (which logs it), back to the client, into problem bodies, and into the
 * gateway's one log line per request.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIds implements WebFilter {

    public static final String HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = RequestIds.class.getName();
    /** Ids end up in log lines, so only short, printable ones are passed through. */
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Logger log = LoggerFactory.getLogger(RequestIds.class);

    /** The id of this exchange's request. */
    public static String of(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String sent = exchange.getRequest().getHeaders().getFirst(HEADER);
        String id = sent != null && ACCEPTED.matcher(sent).matches() ? sent : UUID.randomUUID().toString();
        exchange.getAttributes().put(ATTRIBUTE, id);
        var response = exchange.getResponse();
        // Set when the response commits, so a service's own header cannot add a second value.
        response.beforeCommit(() -> {
            response.getHeaders().set(HEADER, id);
            return Mono.empty();
        });
        var request = exchange.getRequest().mutate().headers(headers -> headers.set(HEADER, id)).build();
        long start = System.nanoTime();
        return chain.filter(exchange.mutate().request(request).build())
                // A client that hangs up cancels the exchange; the status the response was given by then never reached it.
                .doFinally(signal -> log.info("{} {} {} -> {} in {} ms, key {}", id, request.getMethod(), request.getPath().value(),
                        signal == SignalType.CANCEL ? "499 abandoned (client closed the connection)"
                                : response.getStatusCode() == null ? "-" : response.getStatusCode().value(),
                        (System.nanoTime() - start) / 1_000_000, ApiKey.of(exchange).map(ApiKey::name).orElse("-")));
    }
}
