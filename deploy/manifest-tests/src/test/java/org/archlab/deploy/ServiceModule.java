package org.archlab.deploy;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * The four services and what their {@code application.yml} reads: the {@code ${ARCHLAB_*:default}} placeholders
 * and the port the server listens on. Each deployment's name, image and build argument follow from here.
 */
enum ServiceModule {
    REGISTRY("registry", "registry-service", "registry-service"),
    INFERENCE("inference", "inference-service/inference-server", "inference-server"),
    BENCHMARK("benchmark", "benchmark-service", "benchmark-service"),
    GATEWAY("gateway", "gateway-service", "gateway-service");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(ARCHLAB_[A-Z0-9_]+)(?::([^}]*))?}");
    private static final Pattern PORT = Pattern.compile("\\$\\{(ARCHLAB_[A-Z_]+_PORT):(\\d+)}");

    final String name;
    final String modulePath;
    final String image;

    ServiceModule(String name, String modulePath, String image) {
        this.name = name;
        this.modulePath = modulePath;
        this.image = image;
    }

    String applicationFile() {
        return modulePath + "/src/main/resources/application.yml";
    }

    Map<String, Object> configuration() {
        return Repository.yaml(applicationFile());
    }

    /** Every ARCHLAB_* variable this service reads, with its default (empty where it has none). */
    Map<String, String> variables() {
        var variables = new LinkedHashMap<String, String>();
        collect(configuration(), variables);
        return variables;
    }

    /** The variables whose default only suits one machine (localhost) or that have none: a container must set them. */
    Set<String> variablesAContainerMustSet() {
        var names = new TreeSet<String>();
        variables().forEach((name, defaultValue) -> {
            if (defaultValue.contains("localhost") || name.endsWith("_PASSWORD")) {
                names.add(name);
            }
        });
        return names;
    }

    /** The default of {@code server.port}, e.g. 8081 from {@code ${ARCHLAB_REGISTRY_PORT:8081}}. */
    int port() {
        return Integer.parseInt(serverPort().group(2));
    }

    String portVariable() {
        return serverPort().group(1);
    }

    private MatchResult serverPort() {
        String value = String.valueOf((Object) Repository.at(configuration(), "server", "port"));
        return PORT.matcher(value).results().findFirst().orElseThrow(() ->
                new AssertionError(applicationFile() + " must set server.port from an ARCHLAB_*_PORT variable, not " + value));
    }

    /** The URL other services reach this one at inside a cluster or compose network: its name and port. */
    String internalUrl() {
        return "http://" + name + ":" + port();
    }

    /** The service whose URL variable this is (ARCHLAB_REGISTRY_URL: the registry). */
    static Optional<ServiceModule> reachedThrough(String variable) {
        return Arrays.stream(values()).filter(s -> variable.equals("ARCHLAB_" + s.name.toUpperCase() + "_URL")).findFirst();
    }

    static Set<String> variablesReadByAny() {
        var names = new TreeSet<String>();
        Arrays.stream(values()).forEach(s -> names.addAll(s.variables().keySet()));
        return names;
    }

    private static void collect(Object node, Map<String, String> variables) {
        switch (node) {
            case Map<?, ?> map -> map.values().forEach(value -> collect(value, variables));
            case Collection<?> list -> list.forEach(value -> collect(value, variables));
            case String text -> PLACEHOLDER.matcher(text).results()
                    .forEach(m -> variables.put(m.group(1), m.group(2) == null ? "" : m.group(2)));
            case null, default -> {
            }
        }
    }
}
