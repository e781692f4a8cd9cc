package org.archlab.benchmark.jobs;

import org.archlab.architecture.registry.RegistryClient;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.registry.RegistryException;
import org.archlab.benchmark.workers.ServiceUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link KnownArchitectures} answered by registry-service ({@code GET /api/v1/architectures/{name}}). A registry that
 * does not answer leaves the names to their tasks, as inference-service's silence leaves the run settings: submission
 * never fails on another service's outage, and one submission waits for the registry at most the capabilities'
 * timeout in all ({@link #oneSubmission()}), however many names it gives.
 */
@Component
class RegistryNames implements KnownArchitectures {

    private static final Logger log = LoggerFactory.getLogger(RegistryNames.class);

    private final RegistryClient registry;
    private final Duration timeout;

    RegistryNames(ServiceUrls urls, StatedCapabilities.Settings settings) {
        this.registry = new RegistryClient(URI.create(urls.registryUrl()), settings.timeout(), settings.timeout());
        this.timeout = settings.timeout();
    }

    /**
     * The names of one submission: asked until the registry first cannot tell or the timeout has passed, then left to
     * their tasks. A scaled job's names are read whole ({@code withSpecs}), for the memory check of their variants.
     */
    KnownArchitectures oneSubmission(boolean withSpecs) {
        long deadline = System.nanoTime() + timeout.toNanos();
        var silent = new AtomicBoolean();
        var specs = new ConcurrentHashMap<String, ArchitectureSpec>();
        return new KnownArchitectures() {
            @Override
            public Answer of(String name) {
                if (silent.get() || System.nanoTime() > deadline) {
                    return Answer.CANNOT_TELL;
                }
                Answer answer = withSpecs ? read(name, specs) : RegistryNames.this.of(name);
                silent.compareAndSet(false, answer == Answer.CANNOT_TELL);
                return answer;
            }

            @Override
            public Optional<ArchitectureSpec> spec(String name) {
                return Optional.ofNullable(specs.get(name));
            }
        };
    }

    KnownArchitectures oneSubmission() {
        return oneSubmission(false);
    }

    /** Like {@link #of}, keeping the spec; a registry that knows the name but gives no readable spec leaves the memory check to the task. */
    private Answer read(String name, Map<String, ArchitectureSpec> specs) {
        String[] nameAndRevision = name.split("@", 2);
        try {
            specs.put(name, registry.architecture(nameAndRevision[0],
                    nameAndRevision.length > 1 ? Integer.valueOf(nameAndRevision[1]) : null).spec());
            return Answer.KNOWN;
        } catch (RegistryException e) {
            return switch (e.reason()) {
                case NOT_FOUND -> Answer.UNKNOWN;
                case UNREADABLE -> Answer.KNOWN;
                default -> {
                    log.warn("the registry could not say whether it knows {} ({}); its tasks will", name, e.getMessage());
                    yield Answer.CANNOT_TELL;
                }
            };
        }
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
