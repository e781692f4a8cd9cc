package org.archlab.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** A test class with one platform of its own, started before its first test and stopped after its last. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PlatformTest {

    Platform platform;
    Gateway gateway;

    @BeforeAll
    void start() {
        platform = Platform.start();
        gateway = new Gateway(platform.gatewayUrl(), platform.apiKey());
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }
}
