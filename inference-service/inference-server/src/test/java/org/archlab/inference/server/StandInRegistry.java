package org.archlab.inference.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.archlab.architecture.catalog.CatalogEntry;
import org.archlab.architecture.catalog.ReferenceCatalog;
import org.archlab.architecture.hf.HfConfigImporter;
import org.archlab.architecture.json.SpecJson;
import org.archlab.inference.Fixtures;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Stands in for registry-service, which is another service: a real HTTP server on loopback answering
 * {@code GET /api/v1/architectures/{name}[?revision=1]} as the registry does, with real catalog specs (the
 * reference catalog through HfConfigImporter) and a few small variants derived from them by JSON merge patches,
 * as the registry derives variants. It stands in for no database or broker — inference-service uses neither.
 */
public final class StandInRegistry {

    /** Qwen3-0.6B cut to two layers and a 512-token vocabulary: builds in a moment, decodes fast. */
    public static final String TINY = "qwen3-tiny";
    /** Qwen3-0.6B cut to two layers but with its whole vocabulary: the output head makes each token take a while. */
    public static final String SLOW = "qwen3-slow";
    /** Qwen3-30B-A3B cut to one layer and four experts. */
    public static final String MOE = "qwen3-moe-tiny";
    /**
     * A spec the engine refuses to build (16 query heads over 3 KV heads). The real registry validates
     * before it stores; this stands for whatever a run cannot build, which must fail the run, not the queue.
     */
    public static final String UNBUILDABLE = "qwen3-unbuildable";

    private static final StandInRegistry INSTANCE = start();

    private final HttpServer server;
    private final Map<String, JsonNode> specs;

    private StandInRegistry(HttpServer server, Map<String, JsonNode> specs) {
        this.server = server;
        this.specs = specs;
    }

    public static StandInRegistry instance() {
        return INSTANCE;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The spec served for a name, as JSON. */
    public JsonNode spec(String name) {
        return specs.get(name);
    }

    private static StandInRegistry start() {
        Map<String, JsonNode> catalog = new HashMap<>();
        for (CatalogEntry entry : ReferenceCatalog.shipped()) {
            catalog.put(entry.name(), SpecJson.tree(HfConfigImporter.importConfig(entry.hfConfig())));
        }
        Map<String, JsonNode> specs = new HashMap<>(catalog);
        specs.put(TINY, variant(catalog.get("qwen3-0.6b"), "{\"layers\": 2, \"vocabSize\": 512}"));
        specs.put(SLOW, variant(catalog.get("qwen3-0.6b"), "{\"layers\": 2}"));
        specs.put(MOE, variant(catalog.get("qwen3-30b-a3b"), "{\"layers\": 1, \"vocabSize\": 512, \"moe\": {\"experts\": 4, \"topK\": 2}}"));
        specs.put(UNBUILDABLE, variant(catalog.get("qwen3-0.6b"), "{\"layers\": 1, \"vocabSize\": 512, \"attention\": {\"kvHeads\": 3}}"));
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            var registry = new StandInRegistry(server, Map.copyOf(specs));
            server.createContext("/api/v1/architectures/", registry::answer);
            server.start();
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        String name = exchange.getRequestURI().getPath().substring("/api/v1/architectures/".length());
        String query = exchange.getRequestURI().getQuery();
        JsonNode spec = specs.get(name);
        boolean knownRevision = query == null || query.equals("revision=1");
        byte[] body;
        int status;
        if (spec == null || !knownRevision) {
            status = 404;
            body = "{\"status\":404,\"detail\":\"no such architecture\"}".getBytes(StandardCharsets.UTF_8);
        } else {
            status = 200;
            ObjectNode view = SpecJson.mapper().createObjectNode();
            view.put("name", name);
            view.put("revision", 1);
            view.set("spec", spec);
            body = SpecJson.mapper().writeValueAsBytes(view);
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** RFC 7396 merge patch, as the registry derives variants. */
    private static JsonNode variant(JsonNode base, String patch) {
        return merge(base.deepCopy(), SpecJson.mapper().readTree(patch));
    }

    private static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject() || !target.isObject()) {
            return patch;
        }
        ObjectNode object = (ObjectNode) target;
        for (var field : patch.properties()) {
            if (field.getValue().isNull()) {
                object.remove(field.getKey());
            } else {
                object.set(field.getKey(), merge(object.path(field.getKey()), field.getValue()));
            }
        }
        return object;
    }
}
