package org.archlab.gateway.keys;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The configured keys, looked up by the SHA-256 of what a client presents. A fast hash is enough because
 * keys are random 256-bit strings ({@code ./archlab key}): nobody can guess one from its hash, and a slow
 * password hash (bcrypt, PBKDF2) would cost the gateway tens of milliseconds of CPU on every request.
 */
@Component
public class ApiKeys {

    private static final Pattern ENTRY = Pattern.compile("([A-Za-z0-9._-]+):([A-Za-z]+):([0-9A-Fa-f]{64})");
    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

    private final Map<String, ApiKey> bySha256 = new HashMap<>();

    ApiKeys(KeyProperties properties) {
        String configured = properties.apiKeys() == null ? "" : properties.apiKeys().trim();
        int index = 0;
        for (String entry : configured.isEmpty() ? new String[0] : configured.split("\\s*,\\s*")) {
            var matcher = ENTRY.matcher(entry);
            if (!matcher.matches()) {
                // The entry itself is not printed: a key pasted by mistake in place of its hash would end up in the log.
                throw new IllegalStateException("archlab.gateway.api-keys entry " + index + " is not name:role:sha256-hex");
            }
            var key = new ApiKey(matcher.group(1), roleOf(matcher.group(2), index), matcher.group(3).toLowerCase(Locale.ROOT));
            if (bySha256.putIfAbsent(key.sha256(), key) != null) {
                throw new IllegalStateException("archlab.gateway.api-keys entry " + index + " repeats the hash of key " + bySha256.get(key.sha256()).name());
            }
            index++;
        }
        if (bySha256.isEmpty()) {
            log.warn("No API keys are configured (ARCHLAB_GATEWAY_API_KEYS): every request but health and the dashboard page is refused");
        } else {
            log.info("{} API keys configured: {}", bySha256.size(), bySha256.values());
        }
    }

    /** The key whose hash matches the presented secret. */
    public Optional<ApiKey> find(String presented) {
        return Optional.ofNullable(bySha256.get(hashOf(presented)));
    }

    /** What to configure for a key: the lower-case hex SHA-256 of its UTF-8 bytes (as {@code sha256sum} prints it). */
    public static String hashOf(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static Role roleOf(String name, int index) {
        try {
            return Role.named(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("archlab.gateway.api-keys entry " + index + " has role '" + name + "'; roles are reader, writer, admin");
        }
    }
}
