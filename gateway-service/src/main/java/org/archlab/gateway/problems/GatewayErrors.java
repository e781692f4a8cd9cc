package org.archlab.gateway.problems;

import io.netty.channel.ConnectTimeoutException;
import org.archlab.gateway.limits.RequestBodyTooLarge;
import org.archlab.gateway.requests.RequestIds;
import org.archlab.problems.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.gateway.support.ServiceUnavailableException;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Every error the gateway itself raises becomes problem+json: a service that does not answer in its
 * route's time is 504, one that cannot be reached is 503, one whose circuit breaker is open is 503
 * without being called, an oversized body 413, a path no route serves 404. Runs before Spring Boot's
 * default handler, which would answer in another format.
 */
@Component
@Order(-2)
class GatewayErrors implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GatewayErrors.class);

    private final ProblemResponses problems;

    GatewayErrors(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            // Headers (and perhaps part of a stream) are out: all that is left is to close the connection.
            return Mono.error(error);
        }
        exchange.getResponse().getHeaders().clear();
        return problems.send(exchange, problemFor(exchange, error));
    }

    private ApiProblem problemFor(ServerWebExchange exchange, Throwable error) {
        String service = serviceOf(exchange);
        if (error instanceof RequestBodyTooLarge tooLarge) {
            return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage(), List.of(new ApiProblem.FieldError("body", "too large")),
                    "request_too_large", null);
        }
        if (error instanceof ServiceUnavailableException) {
            log.warn("{} {}: circuit breaker open, not calling {}", RequestIds.of(exchange), exchange.getRequest().getPath(), service);
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "circuit_open",
                    "The %s service failed repeatedly, so the gateway is not calling it for a while; try again later".formatted(service));
        }
        if (causedBy(error, TimeoutException.class) || error instanceof ResponseStatusException e && e.getStatusCode() == HttpStatus.GATEWAY_TIMEOUT) {
            log.warn("{} {}: {} did not answer in time", RequestIds.of(exchange), exchange.getRequest().getPath(), service);
            return problem(HttpStatus.GATEWAY_TIMEOUT, "upstream_timeout",
                    "The %s service did not answer within %s ms".formatted(service, timeoutOf(exchange)));
        }
        if (causedBy(error, ConnectException.class) || causedBy(error, ConnectTimeoutException.class)) {
            log.warn("{} {}: {} is unreachable: {}", RequestIds.of(exchange), exchange.getRequest().getPath(), service, error.toString());
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "upstream_unreachable", "The %s service cannot be reached".formatted(service));
        }
        if (causedBy(error, PrematureCloseException.class)) {
            log.warn("{} {}: {} closed the connection", RequestIds.of(exchange), exchange.getRequest().getPath(), service);
            return problem(HttpStatus.BAD_GATEWAY, "upstream_closed", "The %s service closed the connection before answering".formatted(service));
        }
        if (error instanceof ResponseStatusException e && e.getStatusCode() == HttpStatus.NOT_FOUND) {
            return problem(HttpStatus.NOT_FOUND, "not_found", "No service serves " + exchange.getRequest().getPath().value());
        }
        if (error instanceof ResponseStatusException e && HttpStatus.resolve(e.getStatusCode().value()) instanceof HttpStatus status) {
            return problem(status, status.name().toLowerCase(), e.getReason() == null ? status.getReasonPhrase() : e.getReason());
        }
        log.error("{} {}: unexpected error", RequestIds.of(exchange), exchange.getRequest().getPath(), error);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "gateway_error", "The gateway failed to handle the request");
    }

    private static ApiProblem problem(HttpStatus status, String code, String detail) {
        return new ApiProblem(status, detail, List.of(), code, null);
    }

    private static String serviceOf(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        return route == null ? "?" : String.valueOf(route.getMetadata().getOrDefault("service", route.getId()));
    }

    private static Object timeoutOf(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        return route == null ? "?" : route.getMetadata().getOrDefault(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, "?");
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
