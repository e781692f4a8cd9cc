package org.archlab.testsupport;

import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers, so Testcontainers can provide services. */
final class Docker {

    private static Boolean available;

    private Docker() {
    }

    static synchronized boolean isAvailable() {
        if (available == null) {
            // Setting ARCHLAB_TEST_DOCKER=false skips the probe on machines with a docker client but no engine.
            available = !"false".equalsIgnoreCase(System.getenv("ARCHLAB_TEST_DOCKER"))
                    && DockerClientFactory.instance().isDockerAvailable();
        }
        return available;
    }
}
