package org.archlab.inference.server.runs;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.GitProperties;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Describes this JVM, OS, CPU and build once, for every run's {@link RunEnvironment}. */
@Component
class MachineDescription {

    private final RunEnvironment environment;

    MachineDescription(ObjectProvider<GitProperties> git) {
        GitProperties properties = git.getIfAvailable();
        String commit = properties != null && properties.getShortCommitId() != null ? properties.getShortCommitId() : "unknown";
        this.environment = new RunEnvironment(
                System.getProperty("java.vm.name") + " " + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                cpu(), Runtime.getRuntime().availableProcessors(), commit);
    }

    RunEnvironment environment() {
        return environment;
    }

    /** The CPU model from /proc/cpuinfo; the architecture where there is none. */
    private static String cpu() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | SecurityException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }
}
