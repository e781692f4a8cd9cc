package org.archlab.benchmark.standins;

import org.archlab.benchmark.TestTimings;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.util.HashMap;
import java.util.Map;

/**
 * One inference-service and one registry stand-in per test JVM, shared by every application context, so
 * that whichever worker takes a task, it reaches the same stand-ins.
 */
public final class StandIns {

    private static InferenceStandIn inference;
    private static RegistryStandIn registry;

    private StandIns() {
    }

    public static synchronized InferenceStandIn inference() {
        if (inference == null) {
            inference = new InferenceStandIn();
        }
        return inference;
    }

    public static synchronized RegistryStandIn registry() {
        if (registry == null) {
            registry = new RegistryStandIn();
        }
        return registry;
    }

    /** The service URLs an application needs to reach the stand-ins. */
    public static Map<String, Object> urls() {
        return Map.of("archlab.services.inference-url", inference().url(), "archlab.services.registry-url", registry().url());
    }

    /** Points a Spring test context at the stand-ins, with the tests' short timings. */
    public static class Urls implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            var properties = new HashMap<>(TestTimings.PROPERTIES);
            properties.putAll(urls());
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("archlab-stand-ins", properties));
        }
    }
}
