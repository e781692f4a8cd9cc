package org.archlab.problems.reactive;

import org.archlab.problems.ApiProblem;
import org.archlab.problems.Problems;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Writes an {@link ApiProblem} as a WebFlux response: the same problem+json the MVC services answer. */
public class ProblemWriter {

    private final JsonMapper json;

    public ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    public Mono<Void> send(ServerWebExchange exchange, ApiProblem problem, String requestId) {
        var response = exchange.getResponse();
        response.setStatusCode(problem.status());
        response.getHeaders().addAll(problem.headers());
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] bytes = json.writeValueAsBytes(Problems.body(problem, exchange.getRequest().getPath().value(), requestId));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }
}
