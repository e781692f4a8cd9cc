package org.archlab.inference.server;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "archlab.inference.data-dir=${java.io.tmpdir}/archlab-service-surface-it")
class ServiceSurfaceIT {

    @LocalServerPort
    int port;

    @Test
    void health_prometheus_and_openapi_are_served() {
        var http = RestClient.create("http://localhost:" + port);
        assertThat(http.get().uri("/actuator/health").retrieve().body(String.class)).contains("\"UP\"");
        assertThat(http.get().uri("/actuator/prometheus").retrieve().body(String.class)).contains("jvm_memory_used_bytes");
        assertThat(http.get().uri("/v3/api-docs").retrieve().body(String.class)).contains("\"openapi\"");
    }
}
