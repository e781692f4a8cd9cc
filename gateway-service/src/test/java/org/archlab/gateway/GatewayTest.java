package org.archlab.gateway;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.function.Supplier;

/** A running gateway with the {@link TestKeys}, in front of whatever services a subclass puts behind it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
abstract class GatewayTest {

    @Autowired
    WebTestClient client;

    /** Points the gateway's routes at the given service addresses and gives it the test keys. */
    static void services(DynamicPropertyRegistry properties, Supplier<Object> registry, Supplier<Object> inference, Supplier<Object> benchmark) {
        properties.add("ARCHLAB_REGISTRY_URL", registry);
        properties.add("ARCHLAB_INFERENCE_URL", inference);
        properties.add("ARCHLAB_BENCHMARK_URL", benchmark);
        // The property itself: an ARCHLAB_GATEWAY_API_KEYS in the environment (./archlab exports one) binds to it directly.
        properties.add("archlab.gateway.api-keys", TestKeys::configuration);
    }

    WebTestClient.RequestHeadersSpec<?> call(HttpMethod method, String path, String key) {
        return client.method(method).uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + key);
    }

    WebTestClient.RequestHeadersSpec<?> get(String path, String key) {
        return call(HttpMethod.GET, path, key);
    }
}
