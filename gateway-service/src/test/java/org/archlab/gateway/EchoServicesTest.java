package org.archlab.gateway;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The gateway in front of three echoing stand-ins for the services; the classes that extend it share one context. */
abstract class EchoServicesTest extends GatewayTest {

    static final StandIn registry = new StandIn("registry");
    static final StandIn inference = new StandIn("inference");
    static final StandIn benchmark = new StandIn("benchmark");

    @DynamicPropertySource
    static void echoingServices(DynamicPropertyRegistry properties) {
        services(properties, registry::url, inference::url, benchmark::url);
    }
}
