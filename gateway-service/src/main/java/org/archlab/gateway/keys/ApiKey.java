package org.archlab.gateway.keys;

import org.springframework.web.server.ServerWebExchange;

import java.util.Optional;

/** A configured API key: a name for logs and messages, its role, and the SHA-256 of the key (never the key). */
public record ApiKey(String name, Role role, String sha256) {

    private static final String ATTRIBUTE = ApiKey.class.getName();

    /** The key that authenticated this exchange; empty for public paths. */
    public static Optional<ApiKey> of(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getAttribute(ATTRIBUTE));
    }

    void attachTo(ServerWebExchange exchange) {
        exchange.getAttributes().put(ATTRIBUTE, this);
    }

    @Override
    public String toString() {
        return name + " (" + role + ")";
    }
}
