package org.archlab.gateway.problems;

import org.archlab.gateway.requests.RequestIds;
import org.archlab.problems.ApiProblem;
import org.archlab.problems.reactive.ProblemWriter;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Answers a request with a problem the gateway raises itself: the services' problem+json, with the gateway's request id. */
@Component
public class ProblemResponses {

    private final ProblemWriter writer;

    ProblemResponses(ProblemWriter writer) {
        this.writer = writer;
    }

    public Mono<Void> send(ServerWebExchange exchange, ApiProblem problem) {
        return writer.send(exchange, problem, RequestIds.of(exchange));
    }
}
