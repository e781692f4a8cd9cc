package org.archlab.testsupport;

/** How a test reaches one PostgreSQL database. */
public record PostgresConnection(String jdbcUrl, String username, String password) {
}
