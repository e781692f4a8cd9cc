package org.archlab.inference.server.models;

import org.archlab.architecture.registry.RegistryArchitecture;
import org.archlab.architecture.registry.RegistryClient;
import org.archlab.architecture.registry.RegistryException;
import org.archlab.inference.server.InferenceProperties;
import org.archlab.problems.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;

/** Architectures' specs from the registry-service, its failures turned into this API's problems. */
@Component
class RegistryArchitectures {

    private static final Logger log = LoggerFactory.getLogger(RegistryArchitectures.class);

    private final RegistryClient registry;
    private final Duration retryAfter;

    RegistryArchitectures(InferenceProperties properties) {
        this.registry = new RegistryClient(properties.registryUrl(), Duration.ofSeconds(2), Duration.ofSeconds(10));
        this.retryAfter = properties.limits().retryAfter();
    }

    /**
     * @param revision null for the latest
     * @throws ApiProblem 404 when the registry has no such architecture, 503 when it cannot be asked, 502 when its
     *                    answer is not an architecture
     */
    RegistryArchitecture fetch(String name, Integer revision, String field) {
        try {
            return registry.architecture(name, revision);
        } catch (RegistryException e) {
            throw switch (e.reason()) {
                case NOT_FOUND -> ApiProblem.field(HttpStatus.NOT_FOUND, field, "'" + name + (revision == null ? "" : "@" + revision)
                        + "' is neither a registered checkpoint nor an architecture in the registry", "model_not_found");
                // The registry's own words (addresses, its errors) are logged, not sent: a 5xx carries no exception text.
                case UNREADABLE -> {
                    log.warn("the registry's answer for {} is not an architecture: {}", name, e.getMessage());
                    yield new ApiProblem(HttpStatus.BAD_GATEWAY, "The registry's answer for '" + name + "' is not an architecture",
                            List.of(), "registry_unavailable", null);
                }
                case UNREACHABLE, REFUSED -> {
                    log.warn("the registry cannot be asked for {}: {}", name, e.getMessage());
                    yield ApiProblem.busy(HttpStatus.SERVICE_UNAVAILABLE, "The registry cannot be asked for '" + name + "' now",
                            "registry_unavailable", retryAfter);
                }
            };
        }
    }
}
