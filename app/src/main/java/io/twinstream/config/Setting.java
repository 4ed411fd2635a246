package io.twinstream.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/**
 * One declared setting: its key, default (as text), description and the parser that turns text into a typed value
 * or fails with a message naming the key, the value and what is allowed.
 *
 * @param <T> the typed value
 */
public final class Setting<T> {

    private final String key;
    private final String defaultValue;
    private final String description;
    private final Function<String, T> parser;

    private Setting(final String key, final String defaultValue, final String description, final Function<String, T> parser) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
        this.parser = parser;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The environment variable that sets this key: {@code window.length} is {@code TWINSTREAM_WINDOW_LENGTH}. */
    public String environmentName() {
        return "TWINSTREAM_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Parses and validates a raw value; throws {@link ConfigException} naming this key when it is not allowed. */
    public T parse(final String raw) {
        return parser.apply(raw == null ? "" : raw.trim());
    }

    static Setting<String> text(final String key, final String defaultValue, final String description) {
        return new Setting<>(key, defaultValue, description, raw -> raw);
    }

    static Setting<Integer> integer(final String key, final int defaultValue, final int min, final int max, final String description) {
        return new Setting<>(key, Integer.toString(defaultValue), description, raw -> {
            final long value = parseLong(key, raw, "an integer from " + min + " to " + max);
            if (value < min || value > max) {
                throw ConfigException.badValue(key, raw, "expected an integer from " + min + " to " + max);
            }
            return (int) value;
        });
    }

    static Setting<Long> longInteger(final String key, final long defaultValue, final long min, final long max, final String description) {
        return new Setting<>(key, Long.toString(defaultValue), description, raw -> {
            final long value = parseLong(key, raw, "an integer from " + min + " to " + max);
            if (value < min || value > max) {
                throw ConfigException.badValue(key, raw, "expected an integer from " + min + " to " + max);
            }
            return value;
        });
    }

    static Setting<Double> decimal(final String key, final double defaultValue, final double min, final double max, final String description) {
        return new Setting<>(key, java.math.BigDecimal.valueOf(defaultValue).stripTrailingZeros().toPlainString(), description, raw -> {
            final double value;
            try {
                value = Double.parseDouble(raw);
            } catch (NumberFormatException e) {
                throw ConfigException.badValue(key, raw, "expected a number from " + min + " to " + max);
            }
            if (!(value >= min && value <= max)) {
                throw ConfigException.badValue(key, raw, "expected a number from " + min + " to " + max);
            }
            return value;
        });
    }

    static Setting<Boolean> flag(final String key, final boolean defaultValue, final String description) {
        return new Setting<>(key, Boolean.toString(defaultValue), description, raw -> {
            switch (raw.toLowerCase(Locale.ROOT)) {
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    throw ConfigException.badValue(key, raw, "expected true or false");
            }
        });
    }

    static <E extends Enum<E>> Setting<E> choice(final String key, final E defaultValue, final Class<E> type, final String description) {
        final String allowed = String.join(", ", Arrays.stream(type.getEnumConstants()).map(Setting::external).toArray(String[]::new));
        return new Setting<>(key, external(defaultValue), description + " One of: " + allowed + ".", raw -> {
            for (final E constant : type.getEnumConstants()) {
                if (external(constant).equalsIgnoreCase(raw)) {
                    return constant;
                }
            }
            throw ConfigException.badValue(key, raw, "expected one of " + allowed);
        });
    }

    private static String external(final Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    private static long parseLong(final String key, final String raw, final String allowed) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ConfigException.badValue(key, raw, "expected " + allowed);
        }
    }
}
