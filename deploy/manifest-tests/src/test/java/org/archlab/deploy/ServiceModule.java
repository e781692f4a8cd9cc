package org.archlab.deploy;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** The four services: where their configuration lives and what name and port each deployment uses. */
enum ServiceModule {
    REGISTRY("registry", "registry-service", "registry-service"),
    INFERENCE("inference", "inference-service/inference-server", "inference-server"),
    BENCHMARK("benchmark", "benchmark-service", "benchmark-service"),
    GATEWAY("gateway", "gateway-service", "gateway-service");

    private static final Pattern SERVER_PORT = Pattern.compile("(?m)^server:\\s*\\n\\s+port:\\s*\\$\\{(ARCHLAB_[A-Z_]+):(\\d+)}");

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

    /** The default port in application.yml, e.g. {@code ${ARCHLAB_REGISTRY_PORT:8081}}. */
    int port() {
        var matcher = SERVER_PORT.matcher(Repository.read(applicationFile()));
        if (!matcher.find()) {
            throw new AssertionError(applicationFile() + " must set server.port from an ARCHLAB_*_PORT variable");
        }
        return Integer.parseInt(matcher.group(2));
    }

    String portVariable() {
        var matcher = SERVER_PORT.matcher(Repository.read(applicationFile()));
        matcher.find();
        return matcher.group(1);
    }

    static List<String> applicationFiles() {
        return Arrays.stream(values()).map(ServiceModule::applicationFile).toList();
    }
}
