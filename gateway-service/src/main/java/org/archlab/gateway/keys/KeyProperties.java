package org.archlab.gateway.keys;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The gateway's API keys ({@code ARCHLAB_GATEWAY_API_KEYS}): comma-separated {@code name:role:sha256-hex}
 * entries, e.g. {@code local-admin:admin:9f86d0…}. Only hashes are configured, so configuration, logs and
 * environment dumps never hold a usable key.
 */
@ConfigurationProperties("archlab.gateway")
record KeyProperties(String apiKeys) {
}
