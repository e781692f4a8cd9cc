package org.archlab.benchmark.workers;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where the services the workers call live (ARCHLAB_REGISTRY_URL, ARCHLAB_INFERENCE_URL). */
@ConfigurationProperties("archlab.services")
public record ServiceUrls(String registryUrl, String inferenceUrl) {
}
