package org.archlab.benchmark.standins;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A stand-in for registry-service's architecture and analysis endpoints ({@code GET /api/v1/architectures/{name}} and
 * {@code …/{name}/analysis}), answering the fields benchmark-service reads in the registry's JSON shape. Names starting
 * with {@code unregistered} are unknown (404); names starting with {@code vanishing} are known when a job is submitted
 * but have no analysis when their task runs (as if removed meanwhile). See {@link InferenceStandIn} for why stand-ins exist.
 */
public final class RegistryStandIn extends StandInServer {

    private static final String PREFIX = "/api/v1/architectures/";
    private volatile String lastKvDtype;

    RegistryStandIn() {
    }

    /** The kvDtype the last analysis was asked for. */
    public String lastKvDtype() {
        return lastKvDtype;
    }

    /** The theoretical KV cache the stand-in registry gives for an architecture at a context length. */
    public static long theoreticalKvBytes(String architecture, int context) {
        return kvBytesPerToken(architecture) * context;
    }

    @Override
    void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith(PREFIX) && path.indexOf('/', PREFIX.length()) < 0) {
            String name = path.substring(PREFIX.length());
            if (name.startsWith("unregistered")) {
                send(exchange, 404, Map.of("title", "Not Found", "detail", "Architecture '" + name + "' does not exist"));
            } else {
                send(exchange, 200, Map.of("name", name, "revision", 1));
            }
            return;
        }
        if (!path.startsWith(PREFIX) || !path.endsWith("/analysis")) {
            send(exchange, 404, Map.of("title", "Not Found", "detail", path));
            return;
        }
        String name = path.substring(PREFIX.length(), path.length() - "/analysis".length());
        if (name.startsWith("unregistered") || name.startsWith("vanishing")) {
            send(exchange, 404, Map.of("title", "Not Found", "detail", "Architecture '" + name + "' does not exist"));
            return;
        }
        var query = Arrays.stream(exchange.getRequestURI().getQuery().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p.length > 1 ? p[1] : ""));
        int context = Integer.parseInt(query.getOrDefault("context", "4096"));
        lastKvDtype = query.get("kvDtype");
        long parameters = parameters(name);
        send(exchange, 200, Map.of(
                "name", name,
                "revision", 1,
                "parameters", Map.of("total", parameters, "active", parameters),
                "kvCache", Map.of("dtype", String.valueOf(lastKvDtype), "context", context, "batch", 1,
                        "bytesPerToken", kvBytesPerToken(name), "totalBytes", theoreticalKvBytes(name, context)),
                "weights", Map.of("dtype", query.getOrDefault("weightDtype", "Q8_0"), "bytes", parameters)));
    }
}
