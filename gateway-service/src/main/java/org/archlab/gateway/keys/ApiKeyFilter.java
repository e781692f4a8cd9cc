package org.archlab.gateway.keys;

import org.archlab.gateway.problems.ProblemResponses;
import org.archlab.problems.ApiProblem;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * Lets a request through only with a key of the role its method and path need ({@link AccessPolicy}):
 * no key or an unknown one is 401, too small a role 403. The key goes no further than the gateway, so the
 * services never see or log it; they learn the caller from {@value #CLIENT_HEADER} (the key's name) and
 * {@value #ROLE_HEADER} (its role), which only the gateway sets: a client's own are dropped.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ApiKeyFilter implements WebFilter {

    private static final String BEARER = "Bearer ";
    static final String CLIENT_HEADER = "X-ArchLab-Client";
    static final String ROLE_HEADER = "X-ArchLab-Role";

    private final ApiKeys keys;
    private final ProblemResponses problems;

    ApiKeyFilter(ApiKeys keys, ProblemResponses problems) {
        this.keys = keys;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var request = exchange.getRequest();
        if (!AccessPolicy.unambiguous(request.getURI().getRawPath())) {
            return problems.send(exchange, new ApiProblem(HttpStatus.BAD_REQUEST,
                    "The path has dot segments, encoded separators, empty segments or parameters; send it plain",
                    List.of(new ApiProblem.FieldError("path", "ambiguous")), "path_ambiguous", null));
        }
        var required = AccessPolicy.required(request.getMethod(), request.getPath().value());
        if (required.isEmpty()) {
            return chain.filter(forwarded(exchange, null));
        }
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"archlab\"");
            return problems.send(exchange, new ApiProblem(HttpStatus.UNAUTHORIZED,
                    "This needs an API key: send it as 'Authorization: Bearer <key>' (on the dashboard, paste it into 'API key')",
                    List.of(new ApiProblem.FieldError(HttpHeaders.AUTHORIZATION, "missing")), "api_key_missing", null));
        }
        var key = keys.find(authorization.substring(BEARER.length()).trim());
        if (key.isEmpty()) {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"archlab\", error=\"invalid_token\"");
            return problems.send(exchange, new ApiProblem(HttpStatus.UNAUTHORIZED, "The API key is not one this gateway knows",
                    List.of(new ApiProblem.FieldError(HttpHeaders.AUTHORIZATION, "unknown key")), "api_key_unknown", null));
        }
        if (!key.get().role().includes(required.get())) {
            return problems.send(exchange, new ApiProblem(HttpStatus.FORBIDDEN,
                    "Key '%s' has the role %s; %s %s needs %s".formatted(key.get().name(), key.get().role(),
                            request.getMethod(), request.getPath().value(), required.get()), List.of(), "role_insufficient", null));
        }
        key.get().attachTo(exchange);
        return chain.filter(forwarded(exchange, key.get()));
    }

    /** The request as the services get it: without the key, with the caller as the gateway knows it (none on public paths). */
    private static ServerWebExchange forwarded(ServerWebExchange exchange, ApiKey key) {
        var request = exchange.getRequest().mutate().headers(headers -> {
            headers.remove(HttpHeaders.AUTHORIZATION);
            headers.remove(CLIENT_HEADER);
            headers.remove(ROLE_HEADER);
            if (key != null) {
                headers.set(CLIENT_HEADER, key.name());
                headers.set(ROLE_HEADER, key.role().toString());
            }
        }).build();
        return exchange.mutate().request(request).build();
    }
}
