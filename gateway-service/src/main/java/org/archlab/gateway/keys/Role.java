package org.archlab.gateway.keys;

import java.util.Locale;

/** What a key may do; each role includes the ones before it. */
public enum Role {
    /** Reads anything: GET and HEAD. */
    READER,
    /** Also registers architectures, queues benchmarks and runs inference. */
    WRITER,
    /** Also loads checkpoints from the server's disk and deletes. */
    ADMIN;

    boolean includes(Role required) {
        return compareTo(required) >= 0;
    }

    static Role named(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
