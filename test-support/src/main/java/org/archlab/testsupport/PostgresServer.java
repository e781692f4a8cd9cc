package org.archlab.testsupport;

/** A running PostgreSQL server that tests may create databases in. */
interface PostgresServer {

    /** Host and port as {@code host:port}. */
    String address();

    String username();

    String password();

    /** A short description for logs, e.g. "Debian PostgreSQL 15 at 127.0.0.1:40123". */
    String description();
}
