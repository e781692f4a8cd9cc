package org.archlab.architecture.hf;

/** A config.json that cannot be mapped to a spec; {@link #key()} names the offending key. */
public class HfConfigException extends RuntimeException {

    private final String key;

    public HfConfigException(String key, String message) {
        super(key.isEmpty() ? message : key + ": " + message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
