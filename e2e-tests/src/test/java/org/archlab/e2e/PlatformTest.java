package org.archlab.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

/** A test class with one platform of its own, started before its first test and stopped after its last. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PlatformTest {

    Platform platform;
    Gateway gateway;

    @BeforeAll
    void start() {
        platform = Platform.start(inferenceSettings(), inferenceJvmOptions());
        gateway = new Gateway(platform.gatewayUrl(), platform.apiKey());
    }

    /** Extra environment of this class's inference service; none by default. */
    Map<String, String> inferenceSettings() {
        return Map.of();
    }

    /** Extra JVM options of this class's inference service (after the usual ones); none by default. */
    List<String> inferenceJvmOptions() {
        return List.of();
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }
}
