package org.archlab.inference.server.models;

import org.archlab.inference.kernels.BackendSelection;
import org.archlab.inference.kernels.KernelBackends;
import org.archlab.inference.server.InferenceProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the kernel backend once, at start-up: a selection that cannot be met (TornadoVM asked for but not
 * installed, a device index past the devices) stops the service with the reason instead of serving slower
 * numbers under the wrong name.
 */
@Configuration
class KernelBackendConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KernelBackendConfiguration.class);

    @Bean
    KernelBackends kernelBackends(InferenceProperties properties) {
        KernelBackends backends;
        try {
            backends = KernelBackends.select(BackendSelection.parse(properties.backend()));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalStateException("archlab.inference.backend=" + properties.backend() + ": " + e.getMessage(), e);
        }
        log.info("{}", backends.summary());
        return backends;
    }
}
