package io.twinstream.config;

/** A setting has a value the service cannot use; the message names the key, the value and what is allowed. */
public final class ConfigException extends RuntimeException {

    public ConfigException(final String message) {
        super(message);
    }

    public static ConfigException badValue(final String key, final String value, final String allowed) {
        return new ConfigException("Setting '" + key + "' has value '" + value + "': " + allowed + ".");
    }
}
