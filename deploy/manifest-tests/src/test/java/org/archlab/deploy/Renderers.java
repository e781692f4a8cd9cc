package org.archlab.deploy;

import org.yaml.snakeyaml.Yaml;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real renderers: Compose's {@code config} and {@code kubectl kustomize}. Neither needs a Docker engine or a
 * cluster. {@code ./archlab test} installs both and names them in ARCHLAB_COMPOSE and ARCHLAB_KUBECTL
 * (deploy/local/manifest-tools.sh); a missing one fails the test that needs it, never skips it.
 */
final class Renderers {

    private static final String INSTALL_HINT = "run ./archlab test, which installs it (deploy/local/manifest-tools.sh),";

    private Renderers() {
    }

    /** What a renderer printed and how it ended. */
    record Rendering(int exitCode, String output, String errors) {

        List<Map<String, Object>> documents() {
            if (exitCode != 0) {
                throw new AssertionError("the renderer failed (exit " + exitCode + "):\n" + errors);
            }
            var documents = new ArrayList<Map<String, Object>>();
            for (Object document : new Yaml().loadAll(output)) {
                if (document != null) {
                    @SuppressWarnings("unchecked")
                    var map = (Map<String, Object>) document;
                    documents.add(map);
                }
            }
            return documents;
        }
    }

    /** deploy/compose.yaml as Compose resolves it, with only the given ARCHLAB_* variables set. */
    static Rendering compose(Map<String, String> variables) {
        var command = new ArrayList<>(composeCommand());
        command.addAll(List.of("-f", Repository.ROOT.resolve("deploy/compose.yaml").toString(), "config"));
        return run(command, variables);
    }

    static Map<String, Object> composeModel(Map<String, String> variables) {
        return compose(variables).documents().getFirst();
    }

    /** A kustomization directory (relative to the repository) as kubectl kustomize renders it. */
    static List<Map<String, Object>> kustomize(String directory) {
        return run(List.of(kubectl(), "kustomize", Repository.ROOT.resolve(directory).toString()), Map.of()).documents();
    }

    private static List<String> composeCommand() {
        String configured = System.getenv("ARCHLAB_COMPOSE");
        if (configured != null && !configured.isBlank()) {
            return Arrays.asList(configured.trim().split("\\s+"));
        }
        if (onPath("docker") && run(List.of("docker", "compose", "version"), Map.of()).exitCode() == 0) {
            return List.of("docker", "compose");
        }
        if (onPath("docker-compose")) {
            return List.of("docker-compose");
        }
        throw new AssertionError("No Compose renderer: neither `docker compose` nor docker-compose is installed, and "
                + "ARCHLAB_COMPOSE is not set; " + INSTALL_HINT + " or: apt-get install docker-compose");
    }

    private static String kubectl() {
        String configured = System.getenv("ARCHLAB_KUBECTL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String home = System.getenv().getOrDefault("ARCHLAB_HOME", Repository.ROOT.resolve(".archlab").toString());
        Path installed = Path.of(home, "tools", "kubectl-1.33", "kubectl");
        if (Files.isExecutable(installed)) {
            return installed.toString();
        }
        throw new AssertionError("No kubectl for `kubectl kustomize`: " + installed + " is missing and ARCHLAB_KUBECTL "
                + "is not set; " + INSTALL_HINT + " or set ARCHLAB_KUBECTL to a kubectl 1.27 or newer");
    }

    private static boolean onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
    }

    // The environment of ./archlab (ARCHLAB_*, COMPOSE_*) is dropped: the rendering sees only what a test sets.
    private static Rendering run(List<String> command, Map<String, String> variables) {
        var builder = new ProcessBuilder(command).directory(Repository.ROOT.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("ARCHLAB_") || name.startsWith("COMPOSE_"));
        builder.environment().putAll(variables);
        try {
            var process = builder.start();
            process.getOutputStream().close();
            var errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            String output = readAll(process.getInputStream());
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 2 minutes");
            }
            return new Rendering(process.exitValue(), output, errors.join());
        } catch (IOException e) {
            throw new AssertionError("could not run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        }
    }

    private static String readAll(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
