package org.archlab.gateway;

import org.archlab.gateway.keys.ApiKeys;

/** The keys the gateway tests configure, one per role, as the gateway is given them: by hash. */
final class TestKeys {

    static final String READER = "test-reader-key-0123456789abcdef0123456789abcdef";
    static final String WRITER = "test-writer-key-0123456789abcdef0123456789abcdef";
    static final String ADMIN = "test-admin-key-0123456789abcdef0123456789abcdef";

    private TestKeys() {
    }

    static String configuration() {
        return "reader:reader:" + ApiKeys.hashOf(READER) + ", writer:writer:" + ApiKeys.hashOf(WRITER)
                + ",admin:ADMIN:" + ApiKeys.hashOf(ADMIN).toUpperCase();
    }
}
