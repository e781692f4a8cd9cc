package org.archlab.deploy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The local stack's scripts (deploy/local/processes.sh, environment.sh, ./archlab) run for real in bash, with a
 * tiny jar in place of a service: what a build, a restart or a second shell does to a running stack.
 */
class LocalStackScriptsTest {

    @TempDir
    Path dir;

    private final List<Long> started = new ArrayList<>();

    private String logRotateBytes = "1000000";

    @AfterEach
    void stopWhatTheTestsStarted() {
        started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void a_running_service_keeps_loading_its_classes_when_a_build_rewrites_its_jar() throws Exception {
        Path built = demoJar(dir.resolve("target/demo.jar"), "first build");
        start("demo", built, "--", dir.resolve("go").toString(), dir.resolve("answer").toString());

        demoJar(built, "second build"); // in place, as a build over target/ does
        Files.createFile(dir.resolve("go"));

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("answer")));
        assertThat(Files.readString(dir.resolve("answer"))).isEqualTo("first build");
    }

    @Test
    void a_service_counts_as_rebuilt_once_its_jar_in_target_changes() throws Exception {
        Path built = demoJar(dir.resolve("target/demo.jar"), "first build");
        start("demo", built, "--", dir.resolve("go").toString(), dir.resolve("answer").toString());
        assertThat(bash("archlab_process_rebuilt demo && echo rebuilt || echo current")).isEqualTo("current");

        demoJar(built, "a build with other classes");

        assertThat(bash("archlab_process_rebuilt demo && echo rebuilt || echo current")).isEqualTo("rebuilt");
        assertThat(Repository.read("archlab")).contains("rebuilt since start: restart with ./archlab down && ./archlab up");
    }

    @Test
    void a_restart_appends_to_the_log_under_a_banner_for_each_start() throws Exception {
        Path built = demoJar(dir.resolve("target/demo.jar"), "unused");
        runToEnd("demo", built, "the first run says this");
        runToEnd("demo", built, "the second run says this");

        String log = Files.readString(dir.resolve("home/logs/demo.log"));
        assertThat(log).containsSubsequence("archlab: demo started", "the first run says this",
                "archlab: demo started", "the second run says this");
    }

    @Test
    void a_log_past_the_rotation_size_moves_to_log_1_when_the_service_starts_again() throws Exception {
        logRotateBytes = "100";
        Path built = demoJar(dir.resolve("target/demo.jar"), "unused");
        runToEnd("demo", built, "the first run says this");
        runToEnd("demo", built, "the second run says this");

        assertThat(Files.readString(dir.resolve("home/logs/demo.log.1"))).contains("the first run says this")
                .doesNotContain("the second run says this");
        assertThat(Files.readString(dir.resolve("home/logs/demo.log"))).contains("the second run says this")
                .doesNotContain("the first run says this");
    }

    @Test
    void the_saved_environment_brings_back_every_value_as_it_was() throws Exception {
        String modelDirs = "/models/with space:/it's/$HOME/\"quoted\"";
        bash("export ARCHLAB_MODEL_DIRS=\"$1\" ARCHLAB_GATEWAY_PORT=18080 UNRELATED_SECRET=s3cret; archlab_save_environment",
                modelDirs);

        String loaded = bash("unset ARCHLAB_MODEL_DIRS; export ARCHLAB_GATEWAY_PORT=8080 UNRELATED_SECRET=;"
                + " archlab_load_environment; printf '%s|%s|%s' \"$ARCHLAB_MODEL_DIRS\" \"$ARCHLAB_GATEWAY_PORT\" \"${archlab_overridden[*]}\"");

        assertThat(loaded).isEqualTo(modelDirs + "|18080|ARCHLAB_GATEWAY_PORT");
    }

    @Test
    void the_saved_environment_is_readable_by_its_owner_only_and_holds_no_other_variables() throws Exception {
        bash("export ARCHLAB_MODEL_DIRS=/models UNRELATED_SECRET=s3cret; archlab_save_environment");

        Path file = dir.resolve("home/run/environment");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("ARCHLAB_MODEL_DIRS=/models").doesNotContain("UNRELATED_SECRET")
                .doesNotContain("ARCHLAB_HOME");
    }

    @Test
    void status_from_another_shell_reports_the_ports_the_stack_was_started_with() throws Exception {
        bash("export ARCHLAB_GATEWAY_PORT=18999; archlab_save_environment");

        String status = launcher(Map.of("ARCHLAB_GATEWAY_PORT", "8080"), "status");

        assertThat(status).containsPattern("(?m)^gateway +- +18999 +stopped$");
    }

    @Test
    void down_forgets_the_saved_environment_so_the_next_up_takes_the_callers() throws Exception {
        bash("export ARCHLAB_GATEWAY_PORT=18999; archlab_save_environment");

        launcher(Map.of(), "down");

        assertThat(dir.resolve("home/run/environment")).doesNotExist();
        assertThat(launcher(Map.of("ARCHLAB_GATEWAY_PORT", "8080"), "status")).containsPattern("(?m)^gateway +- +8080 +stopped$");
    }

    private void start(String name, Path jar, String... optionsAndArguments) throws Exception {
        bash("archlab_process_start \"$@\"", prepend(name, jar.toString(), optionsAndArguments));
        started.add(Long.parseLong(Files.readString(dir.resolve("home/run/" + name + ".pid")).strip()));
    }

    /** Starts the demo so that it prints its message and exits, and waits until it has. */
    private void runToEnd(String name, Path jar, String message) throws Exception {
        start(name, jar, "--", message);
        long pid = started.getLast();
        await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }

    private static String[] prepend(String first, String second, String... rest) {
        var all = new ArrayList<>(List.of(first, second));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    /** Runs a command in bash with the local stack's scripts sourced; $1... are the arguments. */
    private String bash(String command, String... arguments) throws Exception {
        var line = new ArrayList<>(List.of("bash", "-c",
                "set -u; source deploy/local/processes.sh; source deploy/local/environment.sh; " + command, "bash"));
        line.addAll(List.of(arguments));
        return run(new ProcessBuilder(line), Map.of());
    }

    private String launcher(Map<String, String> environment, String... arguments) throws Exception {
        var line = new ArrayList<>(List.of("bash", Repository.ROOT.resolve("archlab").toString()));
        line.addAll(List.of(arguments));
        return run(new ProcessBuilder(line), environment);
    }

    private String run(ProcessBuilder builder, Map<String, String> environment) throws Exception {
        builder.directory(Repository.ROOT.toFile()).redirectErrorStream(true);
        var env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("ARCHLAB_"));
        env.put("ARCHLAB_HOME", dir.resolve("home").toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("ARCHLAB_LOG_ROTATE_BYTES", logRotateBytes);
        env.putAll(environment);
        Files.createDirectories(dir.resolve("home/run"));
        Files.createDirectories(dir.resolve("home/logs"));
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }

    /**
     * A jar standing in for a service. With one argument it prints it and exits; with two it waits for the first
     * to exist, then loads a class it had not touched yet and writes what that class says (the build's label)
     * to the second.
     */
    private Path demoJar(Path jar, String label) throws IOException {
        Path sources = Files.createTempDirectory(dir, "demo-src");
        Files.writeString(sources.resolve("Demo.java"), """
                import java.nio.file.*;
                public class Demo {
                    public static void main(String[] args) throws Exception {
                        if (args.length == 1) { System.out.println(args[0]); return; }
                        while (!Files.exists(Path.of(args[0]))) Thread.sleep(20);
                        Files.writeString(Path.of(args[1]), Later.label());
                    }
                }
                """);
        Files.writeString(sources.resolve("Later.java"), "class Later { static String label() { return \"" + label + "\"; } }");
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", sources.toString(),
                sources.resolve("Demo.java").toString(), sources.resolve("Later.java").toString());
        assertThat(compiled).isZero();

        var manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Demo");
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); var out = new JarOutputStream(file, manifest)) {
            // Padding first, so that a rebuild with another label moves the classes away from where they were.
            out.putNextEntry(new JarEntry("padding.txt"));
            out.write(label.repeat(1000).getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            for (String name : List.of("Demo.class", "Later.class")) {
                out.putNextEntry(new JarEntry(name));
                out.write(Files.readAllBytes(sources.resolve(name)));
                out.closeEntry();
            }
        }
        return jar;
    }
}
