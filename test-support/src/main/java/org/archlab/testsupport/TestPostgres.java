package org.archlab.testsupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one way tests get a real PostgreSQL. In order of preference: a server named by
 * {@code ARCHLAB_TEST_POSTGRES} ({@code host:port}, with {@code ARCHLAB_TEST_POSTGRES_USER} and
 * {@code ARCHLAB_TEST_POSTGRES_PASSWORD}), a Testcontainers container where Docker runs, or a throwaway
 * cluster of the machine's own PostgreSQL binaries (what {@code ./archlab test} installs). With none of
 * them the test fails and says how to get one; it never skips.
 */
public final class TestPostgres {

    private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static PostgresServer server;
    private static final Set<String> created = new HashSet<>();

    private TestPostgres() {
    }

    /** A database of this name on the shared test server, created empty on first use in this JVM. */
    public static synchronized PostgresConnection database(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ": " + name);
        }
        PostgresServer pg = server();
        if (created.add(name)) {
            recreate(pg, name);
        }
        return new PostgresConnection(
                "jdbc:postgresql://" + pg.address() + "/" + name, pg.username(), pg.password());
    }

    private static PostgresServer server() {
        if (server == null) {
            server = start();
            log.info("Tests use {}", server.description());
        }
        return server;
    }

    private static PostgresServer start() {
        String external = System.getenv("ARCHLAB_TEST_POSTGRES");
        if (external != null && !external.isBlank()) {
            return new ExternalPostgres(external,
                    envOr("ARCHLAB_TEST_POSTGRES_USER", "postgres"), envOr("ARCHLAB_TEST_POSTGRES_PASSWORD", ""));
        }
        if (Docker.isAvailable()) {
            return ContainerPostgres.start();
        }
        return LocalPostgresCluster.start();
    }

    private static void recreate(PostgresServer pg, String name) {
        String url = "jdbc:postgresql://" + pg.address() + "/postgres";
        try (var connection = DriverManager.getConnection(url, pg.username(), pg.password());
             var statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name + " on " + pg.description(), e);
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    private record ExternalPostgres(String address, String username, String password) implements PostgresServer {
        @Override
        public String description() {
            return "external PostgreSQL at " + address + " (ARCHLAB_TEST_POSTGRES)";
        }
    }
}
