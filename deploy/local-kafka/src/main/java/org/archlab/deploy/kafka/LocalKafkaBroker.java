package org.archlab.deploy.kafka;

import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A single-node KRaft Kafka broker (combined broker and controller) for the local stack, built from the
 * Kafka artifacts on Maven Central so the platform runs without Docker or a separate Kafka download.
 * Its data lives under one directory and survives restarts, so queued benchmark jobs do too.
 *
 * <p>Usage: {@code java -jar local-kafka.jar <data-dir> [port] [controller-port]}
 */
public final class LocalKafkaBroker {

    private LocalKafkaBroker() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: local-kafka <data-dir> [port] [controller-port]");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 9092;
        int controllerPort = args.length > 2 ? Integer.parseInt(args[2]) : port + 1;

        Files.createDirectories(dataDir);
        Path config = BrokerConfig.write(dataDir, port, controllerPort);
        format(dataDir, config);
        kafka.Kafka.main(new String[]{config.toString()});
    }

    /** Formats the log directory once; a formatted directory keeps its cluster id and its data. */
    private static void format(Path dataDir, Path config) throws IOException {
        Path clusterIdFile = dataDir.resolve("cluster.id");
        if (!Files.exists(clusterIdFile)) {
            Files.writeString(clusterIdFile, Uuid.randomUuid().toString());
        }
        String clusterId = Files.readString(clusterIdFile).trim();
        int exit = StorageTool.execute(new String[]{
                "format", "--config", config.toString(), "--cluster-id", clusterId, "--ignore-formatted"}, System.out);
        if (exit != 0) {
            throw new IllegalStateException("Formatting the Kafka log directory failed with exit code " + exit);
        }
    }
}
