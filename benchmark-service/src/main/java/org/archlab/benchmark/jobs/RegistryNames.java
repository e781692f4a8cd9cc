package org.archlab.benchmark.jobs;

import org.archlab.architecture.registry.RegistryClient;
import org.archlab.architecture.registry.RegistryException;
import org.archlab.benchmark.workers.ServiceUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.net.URI;

/**
 * {@link KnownArchitectures} answered by registry-service ({@code GET /api/v1/architectures/{name}}), each name asked
 * within the submission's own time limit (the capabilities' timeout). A registry that does not answer leaves the
 * name to its task, as inference-service's silence leaves the run settings: submission never fails on another
 * service's outage.
 */
@Component
class RegistryNames implements KnownArchitectures {

    private static final Logger log = LoggerFactory.getLogger(RegistryNames.class);

    private final RegistryClient registry;

    RegistryNames(ServiceUrls urls, StatedCapabilities.Settings settings) {
        this.registry = new RegistryClient(URI.create(urls.registryUrl()), settings.timeout(), settings.timeout());
    }

    @Override
    public Answer of(String name) {
        String[] nameAndRevision = name.split("@", 2);
        try {
            return registry.knows(nameAndRevision[0], nameAndRevision.length > 1 ? Integer.valueOf(nameAndRevision[1]) : null)
                    ? Answer.KNOWN : Answer.UNKNOWN;
        } catch (RegistryException e) {
            log.warn("the registry could not say whether it knows {} ({}); its tasks will", name, e.getMessage());
            return Answer.CANNOT_TELL;
        }
    }
}
