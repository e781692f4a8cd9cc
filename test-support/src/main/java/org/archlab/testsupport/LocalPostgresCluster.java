package org.archlab.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster made from the machine's own binaries (Debian's {@code postgresql}
 * package), in a temporary directory, on a free port, stopped and deleted when the JVM exits. It is
 * started and stopped by {@code deploy/local/postgres.sh}, the script {@code ./archlab up} runs its own
 * cluster with (carried in this jar), so there is one way ArchLab runs PostgreSQL, as the
 * {@code postgres} user where the tests run as root.
 */
final class LocalPostgresCluster implements PostgresServer {

    static final String USER = "archlab";
    private static final String DIR_PREFIX = "archlab-test-pg-";
    /** A throwaway cluster: durability costs time and buys nothing; the services' pools need connections. */
    private static final List<String> SETTINGS = List.of(
            "max_connections=300", "fsync=off", "synchronous_commit=off", "full_page_writes=off");
    private static final String HOW_TO_GET_IT = """
            Integration tests need a real PostgreSQL and none was found. Either
              - run the tests with ./archlab test (it installs Debian's postgresql package when missing), or
              - install PostgreSQL binaries yourself (apt-get install postgresql) or point ARCHLAB_PG_BIN at a bin/ with initdb and postgres, or
              - name a running server with ARCHLAB_TEST_POSTGRES=host:port (and _USER, _PASSWORD), or
              - run where Docker works, and Testcontainers starts one.""";

    private final Path directory;
    private final int port;

    private LocalPostgresCluster(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    static LocalPostgresCluster start() {
        removeAbandonedClusters();
        try {
            // The postgres user must be able to traverse the directory to reach its data inside.
            Path directory = Files.createTempDirectory(DIR_PREFIX, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
            Files.writeString(directory.resolve("owner.pid"), Long.toString(ProcessHandle.current().pid()));
            try (InputStream script = LocalPostgresCluster.class.getResourceAsStream("postgres.sh")) {
                Files.copy(script, directory.resolve("postgres.sh"));
            }
            var cluster = new LocalPostgresCluster(directory, freePort());
            var start = new ArrayList<>(List.of("start", cluster.data().toString(), Integer.toString(cluster.port),
                    directory.resolve("postgres.log").toString()));
            start.addAll(SETTINGS);
            cluster.script(start);
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "stop-test-postgres"));
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a PostgreSQL test cluster", e);
        }
    }

    private Path data() {
        return directory.resolve("data");
    }

    /** Runs deploy/local/postgres.sh with these arguments; its output is in the exception when it fails. */
    private void script(List<String> arguments) throws IOException {
        var command = new ArrayList<>(List.of("bash", directory.resolve("postgres.sh").toString()));
        command.addAll(arguments);
        Path output = directory.resolve("postgres.sh.out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException("postgres.sh " + arguments.getFirst() + " failed:\n"
                        + Files.readString(output) + "\n" + HOW_TO_GET_IT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running postgres.sh " + arguments.getFirst(), e);
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

    private void stop() {
        try {
            // The JVM is exiting: an immediate stop does not wait for the clients to leave.
            script(List.of("stop", data().toString(), "immediate"));
        } catch (IOException | RuntimeException e) {
            // Best effort: the next run removes a cluster whose owner is gone.
        }
        deleteRecursively(directory);
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
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
        return "local PostgreSQL cluster (deploy/local/postgres.sh) at " + address() + " in " + directory;
    }
}
