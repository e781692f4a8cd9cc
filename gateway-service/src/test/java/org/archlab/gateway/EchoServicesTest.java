package org.archlab.gateway;

import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A running gateway in front of three echoing stand-ins for the services; the test classes that extend it
 * share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
abstract class EchoServicesTest {

    static final StandIn registry = new StandIn("registry");
    static final StandIn inference = new StandIn("inference");
    static final StandIn benchmark = new StandIn("benchmark");

    @Autowired
    WebTestClient client;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry properties) {
        properties.add("ARCHLAB_REGISTRY_URL", registry::url);
        properties.add("ARCHLAB_INFERENCE_URL", inference::url);
        properties.add("ARCHLAB_BENCHMARK_URL", benchmark::url);
        properties.add("ARCHLAB_GATEWAY_API_KEYS", TestKeys::configuration);
    }

    @AfterAll
    static void releaseStreams() {
        inference.releaseStream();
    }

    WebTestClient.RequestHeadersSpec<?> get(String path, String key) {
        return client.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + key);
    }
}
