package org.archlab.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster made from the machine's own binaries (Debian's {@code postgresql}
 * package), in a temporary directory, on a free port, stopped and deleted when the JVM exits.
 * PostgreSQL refuses to run as root, so as root the cluster runs as the {@code postgres} system user.
 */
final class LocalPostgresCluster implements PostgresServer {

    static final String USER = "archlab";
    private static final String DIR_PREFIX = "archlab-test-pg-";
    private static final String HOW_TO_GET_IT = """
            Integration tests need a real PostgreSQL and none was found. Either
              - run the tests with ./archlab test (it installs Debian's postgresql package when missing), or
              - install PostgreSQL binaries yourself (apt-get install postgresql) or point ARCHLAB_PG_BIN at a bin/ with initdb and postgres, or
              - name a running server with ARCHLAB_TEST_POSTGRES=host:port (and _USER, _PASSWORD), or
              - run where Docker works, and Testcontainers starts one.""";

    private final Path bin;
    private final Path directory;
    private final int port;
    private final boolean asPostgresUser;
    private Process process;

    private LocalPostgresCluster(Path bin, Path directory, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.directory = directory;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    static LocalPostgresCluster start() {
        Path bin = findBinaries();
        removeAbandonedClusters();
        try {
            Path directory = Files.createTempDirectory(DIR_PREFIX);
            Files.writeString(directory.resolve("owner.pid"), Long.toString(ProcessHandle.current().pid()));
            boolean root = "root".equals(System.getProperty("user.name"));
            var cluster = new LocalPostgresCluster(bin, directory, freePort(), root);
            cluster.initialise();
            cluster.launch();
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "stop-test-postgres"));
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a PostgreSQL test cluster", e);
        }
    }

    private static Path findBinaries() {
        String configured = System.getenv("ARCHLAB_PG_BIN");
        List<Path> candidates = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.sorted(Comparator.comparing(LocalPostgresCluster::majorVersion).reversed())
                        .map(version -> version.resolve("bin"))
                        .forEach(candidates::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return candidates.stream()
                .filter(dir -> Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("postgres")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(HOW_TO_GET_IT));
    }

    private static int majorVersion(Path versionDir) {
        try {
            return Integer.parseInt(versionDir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Clusters whose JVM died without its shutdown hook (kill -9) would otherwise run forever. */
    private static void removeAbandonedClusters() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, DIR_PREFIX + "*")) {
            for (Path dir : dirs) {
                Path owner = dir.resolve("owner.pid");
                if (!Files.exists(owner) || ownerAlive(owner)) {
                    continue;
                }
                Path postmaster = dir.resolve("data/postmaster.pid");
                if (Files.exists(postmaster)) {
                    long pid = Long.parseLong(Files.readAllLines(postmaster).getFirst().trim());
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
                deleteRecursively(dir);
            }
        } catch (IOException | RuntimeException e) {
            // Best effort: a leftover directory must not fail the build.
        }
    }

    private static boolean ownerAlive(Path ownerFile) throws IOException {
        long pid = Long.parseLong(Files.readString(ownerFile).trim());
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private void initialise() throws IOException {
        Path data = directory.resolve("data");
        if (asPostgresUser) {
            handToPostgresUser(directory);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
                "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"));
    }

    private void launch() throws IOException {
        Path data = directory.resolve("data");
        var command = asUser(List.of(bin.resolve("postgres").toString(), "-D", data.toString(),
                "-p", Integer.toString(port), "-k", directory.toString(),
                "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300",
                // A throwaway cluster: durability costs time and buys nothing.
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("postgres.log").toFile())
                .start();
        awaitConnections();
    }

    private void awaitConnections() throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited at start-up:\n" + log());
            }
            try (var ignored = DriverManager.getConnection(
                    "jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, "")) {
                return;
            } catch (SQLException e) {
                last = e;
                sleep();
            }
        }
        throw new IllegalStateException("PostgreSQL did not accept connections within 60 s:\n" + log(), last);
    }

    private String log() throws IOException {
        Path log = directory.resolve("postgres.log");
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    private void stop() {
        if (process != null) {
            // SIGTERM waits for clients to leave; the JVM is exiting, so a fast stop is what we want.
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deleteRecursively(directory);
    }

    private void run(List<String> command) throws IOException {
        Path log = directory.resolve("initdb.log");
        Process p = new ProcessBuilder(asUser(command)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException("Command failed: " + String.join(" ", command) + "\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command.getFirst(), e);
        }
    }

    /** As root, exec the command as the postgres user; setpriv execs in place, so killing it kills PostgreSQL. */
    private List<String> asUser(List<String> command) {
        if (!asPostgresUser) {
            return command;
        }
        var wrapped = new ArrayList<>(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void handToPostgresUser(Path dir) throws IOException {
        var lookup = dir.getFileSystem().getUserPrincipalLookupService();
        try {
            var view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
            view.setOwner(lookup.lookupPrincipalByName("postgres"));
            view.setGroup(lookup.lookupPrincipalByGroupName("postgres"));
        } catch (IOException e) {
            throw new IllegalStateException("Running as root, the test cluster must run as the 'postgres' user, "
                    + "which does not exist. Install Debian's postgresql package (./archlab test does).", e);
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Best effort: the OS cleans temporary directories too.
        }
    }

    @Override
    public String address() {
        return "127.0.0.1:" + port;
    }

    @Override
    public String username() {
        return USER;
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public String description() {
        return "local PostgreSQL cluster from " + bin + " at " + address() + " in " + directory;
    }
}
