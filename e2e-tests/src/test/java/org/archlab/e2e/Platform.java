package org.archlab.e2e;

import org.archlab.testsupport.PostgresConnection;
import org.archlab.testsupport.TestKafka;
import org.archlab.testsupport.TestPostgres;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The whole platform for one test run: registry, inference, benchmark and gateway as processes from their jars,
 * on free ports, against the real PostgreSQL and Kafka of {@code test-support}, with one admin key made for
 * the run. Only the gateway's address and the key leave this class.
 */
final class Platform implements AutoCloseable {

    /** Faster start-up on two cores for the services that only serve HTTP; the engine keeps the full JIT. */
    private static final List<String> SERVICE_JVM = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    private static final List<String> ENGINE_JVM = List.of("-Xmx1g", "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED");

    private final List<ServiceProcess> services = new ArrayList<>();
    private final String apiKey = newKey();
    private final String writerKey = newKey();
    private ServiceProcess gateway;

    static Platform start() {
        return start(Map.of());
    }

    /** @param inferenceSettings extra environment of the inference service (e.g. its batch limit) */
    static Platform start(Map<String, String> inferenceSettings) {
        return start(inferenceSettings, List.of());
    }

    /** @param inferenceJvm JVM options of the inference service after the usual ones (a larger {@code -Xmx} wins) */
    static Platform start(Map<String, String> inferenceSettings, List<String> inferenceJvm) {
        var platform = new Platform();
        try {
            platform.startServices(inferenceSettings, inferenceJvm);
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    private void startServices(Map<String, String> inferenceSettings, List<String> inferenceJvm) {
        PostgresConnection registryDb = TestPostgres.database("e2e_registry");
        PostgresConnection benchmarkDb = TestPostgres.database("e2e_benchmark");
        String kafka = TestKafka.bootstrapServers();
        int registryPort = ServiceProcess.freePort();
        int inferencePort = ServiceProcess.freePort();
        int benchmarkPort = ServiceProcess.freePort();
        int gatewayPort = ServiceProcess.freePort();
        String registryUrl = "http://localhost:" + registryPort;
        String inferenceUrl = "http://localhost:" + inferencePort;
        String benchmarkUrl = "http://localhost:" + benchmarkPort;

        services.add(ServiceProcess.start("registry", registryPort, SERVICE_JVM, Map.of(
                "ARCHLAB_REGISTRY_PORT", Integer.toString(registryPort),
                "SPRING_DATASOURCE_URL", registryDb.jdbcUrl(),
                "SPRING_DATASOURCE_USERNAME", registryDb.username(),
                "SPRING_DATASOURCE_PASSWORD", registryDb.password())));
        var inference = new java.util.HashMap<>(Map.of(
                "ARCHLAB_INFERENCE_PORT", Integer.toString(inferencePort),
                "ARCHLAB_INFERENCE_DATA", freshDirectory("archlab-e2e-inference").toString(),
                "ARCHLAB_REGISTRY_URL", registryUrl,
                // Long enough that requests queued behind a generation on two busy cores are not refused for time.
                "ARCHLAB_INFERENCE_QUEUE_WAIT", "60s"));
        inference.putAll(inferenceSettings);
        var engineJvm = new ArrayList<>(ENGINE_JVM);
        engineJvm.addAll(inferenceJvm);
        services.add(ServiceProcess.start("inference", inferencePort, List.copyOf(engineJvm), Map.copyOf(inference)));
        services.add(ServiceProcess.start("benchmark", benchmarkPort, SERVICE_JVM, Map.of(
                "ARCHLAB_BENCHMARK_PORT", Integer.toString(benchmarkPort),
                "SPRING_DATASOURCE_URL", benchmarkDb.jdbcUrl(),
                "SPRING_DATASOURCE_USERNAME", benchmarkDb.username(),
                "SPRING_DATASOURCE_PASSWORD", benchmarkDb.password(),
                "ARCHLAB_KAFKA_BOOTSTRAP", kafka,
                "ARCHLAB_REGISTRY_URL", registryUrl,
                "ARCHLAB_INFERENCE_URL", inferenceUrl)));
        gateway = ServiceProcess.start("gateway", gatewayPort, SERVICE_JVM, Map.of(
                "ARCHLAB_GATEWAY_PORT", Integer.toString(gatewayPort),
                "ARCHLAB_REGISTRY_URL", registryUrl,
                "ARCHLAB_INFERENCE_URL", inferenceUrl,
                "ARCHLAB_BENCHMARK_URL", benchmarkUrl,
                "ARCHLAB_GATEWAY_API_KEYS", "e2e:admin:" + sha256(apiKey) + ",e2e-writer:writer:" + sha256(writerKey)));
        services.add(gateway);

        var http = HttpClient.newHttpClient();
        for (ServiceProcess service : services) {
            Awaitility.await(service.name() + " ready").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                    .until(() -> service.ready(http));
        }
    }

    /** A data directory of this run's own: checkpoints registered by another run are not this one's. */
    private static Path freshDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

        String gatewayUrl() {
        return gateway.url();
    }

    String apiKey() {
        return apiKey;
    }

    /** A second key, of another client: a writer's. */
    String writerKey() {
        return writerKey;
    }

    /** A service's Prometheus metrics as it serves them on its own port (never through the gateway). */
    String metrics(String service) {
        var url = service(service).url() + "/actuator/prometheus";
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot read " + url, e);
        }
    }

    /** What a service has logged so far. */
    String log(String service) {
        return service(service).log();
    }

    /** Kills a service as {@code kill -9} does. */
    void kill(String service) {
        service(service).kill();
    }

    /**
     * Starts a killed service again as it was started and waits, polling it directly every 100 ms, until it is
     * ready; returns when that was.
     */
    Instant restart(String service) {
        var killed = service(service);
        var restarted = killed.restart();
        services.set(services.indexOf(killed), restarted);
        if (killed == gateway) {
            gateway = restarted;
        }
        var http = HttpClient.newHttpClient();
        Awaitility.await(service + " ready again").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(100))
                .until(() -> restarted.ready(http));
        return Instant.now();
    }

    /** The most memory a service's process has held resident so far, in bytes. */
    long peakResidentBytes(String service) {
        return service(service).peakResidentBytes();
    }

    private ServiceProcess service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** Random 256 bits, as {@code ./archlab} makes keys. */
    private static String newKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        services.reversed().forEach(ServiceProcess::close);
    }
}
