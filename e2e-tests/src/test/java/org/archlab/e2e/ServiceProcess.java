package org.archlab.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One service started from its executable jar, as {@code ./archlab up} starts it: its own JVM, its own port,
 * configured only through the environment variables the deployments use, its output in a log file.
 */
final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final int port;
    private final List<String> jvmOptions;
    private final Map<String, String> environment;
    private final Path log;
    private final Process process;

    private ServiceProcess(String name, int port, List<String> jvmOptions, Map<String, String> environment, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.jvmOptions = jvmOptions;
        this.environment = environment;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts the jar named by the system property {@code archlab.e2e.<name>-jar} with exactly the given
     * environment (nothing inherited, so variables of the shell that runs the build cannot leak in).
     */
    static ServiceProcess start(String name, int port, List<String> jvmOptions, Map<String, String> environment) {
        return launch(name, port, jvmOptions, environment, ProcessBuilder.Redirect::to);
    }

    /** The same jar started again, on the same port with the same environment; its log goes on in the same file. */
    ServiceProcess restart() {
        return launch(name, port, jvmOptions, environment, ProcessBuilder.Redirect::appendTo);
    }

    private static ServiceProcess launch(String name, int port, List<String> jvmOptions, Map<String, String> environment,
                                         Function<File, ProcessBuilder.Redirect> output) {
        Path jar = Path.of(System.getProperty("archlab.e2e." + name + "-jar", "missing"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + ": no executable jar at " + jar + "; build the services first (mvn package)");
        }
        try {
            Path logs = Path.of(System.getProperty("archlab.e2e.logs", "target/e2e-logs"));
            Files.createDirectories(logs);
            Path log = logs.resolve(name + ".log");
            var command = new ArrayList<String>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jar.toString()));
            var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.apply(log.toFile()));
            builder.environment().clear();
            builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            builder.environment().putAll(environment);
            return new ServiceProcess(name, port, List.copyOf(jvmOptions), Map.copyOf(environment), log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://localhost:" + port;
    }

    String name() {
        return name;
    }

    /** Whether its readiness probe says UP; a process that died is a failure, not a wait. */
    boolean ready(HttpClient http) {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; its log:\n" + log());
        }
        try {
            var response = http.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health/readiness")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException notListeningYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Ends the process as {@code kill -9} does: no shutdown hooks, no draining, connections cut. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The most memory the process has held resident so far ({@code VmHWM} of Linux's /proc), in bytes. */
    long peakResidentBytes() {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                    .filter(line -> line.startsWith("VmHWM:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024)
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
