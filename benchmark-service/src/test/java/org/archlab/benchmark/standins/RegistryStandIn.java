package org.archlab.benchmark.standins;

import com.sun.net.httpserver.HttpExchange;
import org.archlab.architecture.analysis.FullSizeEstimate;
import org.archlab.architecture.analysis.RunMemory;
import org.archlab.architecture.catalog.CatalogEntry;
import org.archlab.architecture.catalog.ReferenceCatalog;
import org.archlab.architecture.hf.HfConfigImporter;
import org.archlab.architecture.json.SpecJson;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Dtype;
import org.archlab.architecture.spec.ScaledVariant;
import org.archlab.architecture.spec.Scaling;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A stand-in for registry-service's architecture and analysis endpoints ({@code GET /api/v1/architectures/{name}} and
 * {@code …/{name}/analysis}), answering the fields benchmark-service reads in the registry's JSON shape. Names starting
 * with {@code unregistered} are unknown (404); names starting with {@code vanishing} are known when a job is submitted
 * but have no analysis when their task runs (as if removed meanwhile). See {@link InferenceStandIn} for why stand-ins exist.
 *
 * <p>Catalog names ({@code deepseek-v3}) answer with their real spec, and {@code POST …/{name}/scaled-variants} derives
 * their scaled variants with the same derivation as registry-service (ScaledVariant, fitted by RunMemory at the
 * request's context and batch), answering in its shape: {@code name-scaled-8l-32e}, revision 1, the scaling; the
 * original itself where it fits whole.
 * Analyses, of variants too, stay made-up figures ({@link #footprint}).
 */
public final class RegistryStandIn extends StandInServer {

    private static final String PREFIX = "/api/v1/architectures/";
    private static final Map<String, ArchitectureSpec> CATALOG = ReferenceCatalog.shipped().stream()
            .collect(Collectors.toMap(CatalogEntry::name, e -> HfConfigImporter.importConfig(e.hfConfig())));
    private final Set<String> derived = ConcurrentHashMap.newKeySet();
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

    /** What the stand-in's analysis says a decoded token of an architecture reads at a context (made-up, like the analysis). */
    public static FullSizeEstimate.Footprint footprint(String architecture, int context) {
        long parameters = parameters(architecture);
        return new FullSizeEstimate.Footprint(parameters, parameters, parameters, theoreticalKvBytes(architecture, context));
    }

    @Override
    void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith(PREFIX) && path.indexOf('/', PREFIX.length()) < 0) {
            String name = path.substring(PREFIX.length());
            if (name.startsWith("unregistered")) {
                send(exchange, 404, Map.of("title", "Not Found", "detail", "Architecture '" + name + "' does not exist"));
            } else {
                var catalog = CATALOG.get(name);
                send(exchange, 200, catalog == null ? Map.of("name", name, "revision", 1)
                        : Map.of("name", name, "revision", 1, "spec", SpecJson.tree(catalog)));
            }
            return;
        }
        if (exchange.getRequestMethod().equals("POST") && path.startsWith(PREFIX) && path.endsWith("/scaled-variants")) {
            scaledVariant(exchange, path.substring(PREFIX.length(), path.length() - "/scaled-variants".length()));
            return;
        }
        if (!path.startsWith(PREFIX) || !path.endsWith("/analysis")) {
            send(exchange, 404, Map.of("title", "Not Found", "detail", path));
            return;
        }
        String name = path.substring(PREFIX.length(), path.length() - "/analysis".length());
        if (name.startsWith("unregistered") || name.startsWith("vanishing") || (name.contains("-scaled-") && !derived.contains(name))) {
            send(exchange, 404, Map.of("title", "Not Found", "detail", "Architecture '" + name + "' does not exist"));
            return;
        }
        var query = Arrays.stream(exchange.getRequestURI().getQuery().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p.length > 1 ? p[1] : ""));
        int context = Integer.parseInt(query.getOrDefault("context", "4096"));
        int batch = Integer.parseInt(query.getOrDefault("batch", "1"));
        lastKvDtype = query.get("kvDtype");
        long parameters = parameters(name);
        send(exchange, 200, Map.of(
                "name", name,
                "revision", 1,
                "parameters", Map.of("total", parameters, "active", parameters),
                "kvCache", Map.of("dtype", String.valueOf(lastKvDtype), "context", context, "batch", batch,
                        "bytesPerToken", kvBytesPerToken(name),
                        "totalBytes", theoreticalKvBytes(name, context) * batch / (halfWidth(lastKvDtype) ? 2 : 1)),
                "weights", Map.of("dtype", query.getOrDefault("weightDtype", "Q8_0"), "bytes", parameters)));
    }

    /** F16 and BF16 caches take half the bytes of F32 ones. */
    private static boolean halfWidth(String kvDtype) {
        return "F16".equals(kvDtype) || "BF16".equals(kvDtype);
    }

    private void scaledVariant(HttpExchange exchange, String name) throws IOException {
        ArchitectureSpec spec = CATALOG.get(name);
        if (spec == null) {
            send(exchange, 404, Map.of("title", "Not Found", "detail", "the stand-in scales catalog architectures only, not '" + name + "'"));
            return;
        }
        var request = JSON.readTree(body(exchange));
        var fit = request.get("fit");
        ArchitectureSpec variant;
        if (fit != null) {
            Dtype dtype = Dtype.named(fit.path("weightDtype").asString("Q8_0")).orElseThrow();
            int context = fit.path("context").intValue();
            int batch = fit.path("batch").asInt(1);
            var fitted = ScaledVariant.fit(spec, s -> RunMemory.bytes(s, dtype, context, batch), fit.path("budgetBytes").longValue());
            if (fitted.isEmpty()) {
                send(exchange, 422, Map.of("title", "Unprocessable Content", "detail", "'" + name + "' cannot fit even scaled"));
                return;
            }
            variant = fitted.get();
        } else {
            variant = ScaledVariant.of(spec, request.path("layers").asInt(Integer.MAX_VALUE), request.path("experts").asInt(Integer.MAX_VALUE));
        }
        Scaling scaling = Scaling.between(spec, variant);
        if (scaling.whole()) {
            send(exchange, 200, Map.of("name", name, "revision", 1));
            return;
        }
        String variantName = name + "-scaled-" + scaling.layers() + "l" + (scaling.experts() == null ? "" : "-" + scaling.experts() + "e");
        derived.add(variantName);
        send(exchange, 201, Map.of("name", variantName, "revision", 1, "derivedFrom", name + "@1", "scaling", scaling));
    }
}
