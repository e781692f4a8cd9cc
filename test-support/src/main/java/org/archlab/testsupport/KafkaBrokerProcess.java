package org.archlab.testsupport;

import org.archlab.deploy.kafka.LocalKafkaBroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real single-node KRaft broker in a child JVM: the broker {@code ./archlab up} runs
 * ({@link LocalKafkaBroker}, deploy/local-kafka), so tests and the local stack share one broker
 * configuration. Its address is fixed before it first starts, so an application can be pointed at a
 * broker that is not there yet, and {@link #stop()} kills it like a crash; its data survives a stop and start.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private Process process;

    private KafkaBrokerProcess(Path directory, int port, int controllerPort) {
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** A broker on free ports, not started; it formats its directory when it first starts. */
    public static KafkaBrokerProcess create() {
        try {
            Path directory = Files.createTempDirectory("archlab-test-kafka-");
            // The broker logs little: Logback's default without a file would log everything at DEBUG.
            Files.writeString(directory.resolve("logback.xml"), """
                    <configuration>
                      <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d %-5level %logger{36} - %msg%n</pattern></encoder>
                      </appender>
                      <root level="WARN"><appender-ref ref="out"/></root>
                    </configuration>
                    """);
            var broker = new KafkaBrokerProcess(directory, freePort(), freePort());
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "stop-test-kafka-process"));
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare a Kafka broker process", e);
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** Starts the broker and returns once it accepts connections. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-Dlogback.configurationFile=" + directory.resolve("logback.xml"),
                    "-cp", System.getProperty("java.class.path"), LocalKafkaBroker.class.getName(),
                    directory.resolve("broker").toString(), Integer.toString(port), Integer.toString(controllerPort));
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("broker.log").toFile()))
                    .start();
            awaitPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the Kafka broker process", e);
        }
    }

    /** Kills the broker at once, as a crash would. */
    public synchronized void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Best effort: the directory is temporary.
        }
    }

    private void awaitPort() throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The Kafka broker exited at start-up:\n" + Files.readString(directory.resolve("broker.log")));
            }
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                pause();
            }
        }
        throw new IllegalStateException("The Kafka broker did not listen on " + port + " within 90 s");
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
