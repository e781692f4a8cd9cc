package org.archlab.deploy.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The server.properties of the local single-node broker. */
final class BrokerConfig {

    private BrokerConfig() {
    }

    static Path write(Path dataDir, int port, int controllerPort) throws IOException {
        String properties = """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://localhost:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
                log.dirs=%3$s
                num.partitions=6
                # One node: every internal topic has one replica.
                offsets.topic.replication.factor=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                """.formatted(port, controllerPort, dataDir.resolve("logs"));
        Path file = dataDir.resolve("server.properties");
        Files.writeString(file, properties);
        return file;
    }
}
