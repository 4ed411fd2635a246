package io.twinstream.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The service's resolved, validated configuration. Sources in rising priority: the defaults in {@link Settings}, a
 * properties file, {@code TWINSTREAM_*} environment variables, command-line flags. Every value is parsed when the
 * configuration is loaded, so a bad value fails at start with a message naming the key, the value and what is allowed.
 */
public final class TwinstreamConfig {

    private static final String ENV_PREFIX = "TWINSTREAM_";
    private static final String ENV_KAFKA_PREFIX = ENV_PREFIX + "KAFKA_";

    private final Map<Setting<?>, Object> values;
    private final Map<String, String> kafka;

    private TwinstreamConfig(final Map<Setting<?>, Object> values, final Map<String, String> kafka) {
        this.values = values;
        this.kafka = kafka;
    }

    /** Built-in defaults only. */
    public static TwinstreamConfig defaults() {
        return load(Map.of(), Map.of(), Map.of());
    }

    /** Defaults overridden by {@code overrides}, given as setting keys (and {@code kafka.*} keys). */
    public static TwinstreamConfig of(final Map<String, String> overrides) {
        return load(Map.of(), Map.of(), overrides);
    }

    /**
     * Resolves the configuration.
     *
     * @param file properties read from a configuration file, by setting key (empty if none)
     * @param environment the process environment; only {@code TWINSTREAM_*} variables are read, others are ignored
     * @param flags values given on the command line, by setting key
     * @throws ConfigException when a key is unknown or a value is not allowed
     */
    public static TwinstreamConfig load(final Map<String, String> file, final Map<String, String> environment,
                                        final Map<String, String> flags) {
        final Map<String, String> raw = new HashMap<>();
        for (final Setting<?> setting : Settings.ALL) {
            raw.put(setting.key(), setting.defaultValue());
        }
        putAll(raw, file, "configuration file");
        putAll(raw, fromEnvironment(environment), "environment");
        putAll(raw, flags, "command line");

        final Map<Setting<?>, Object> typed = new LinkedHashMap<>();
        for (final Setting<?> setting : Settings.ALL) {
            typed.put(setting, setting.parse(raw.get(setting.key())));
        }
        final Map<String, String> kafka = new TreeMap<>();
        raw.forEach((key, value) -> {
            if (key.startsWith(Settings.KAFKA_PREFIX)) {
                kafka.put(key.substring(Settings.KAFKA_PREFIX.length()), value);
            }
        });
        final TwinstreamConfig config = new TwinstreamConfig(typed, Collections.unmodifiableMap(kafka));
        config.checkCombinations();
        return config;
    }

    private static void putAll(final Map<String, String> target, final Map<String, String> source, final String origin) {
        source.forEach((key, value) -> {
            if (!key.startsWith(Settings.KAFKA_PREFIX) && Settings.find(key) == null) {
                throw new ConfigException("Unknown setting '" + key + "' (from the " + origin + "); '--help' lists every setting, "
                        + "and Kafka client settings go under '" + Settings.KAFKA_PREFIX + "'.");
            }
            target.put(key, value);
        });
    }

    /** {@code TWINSTREAM_WINDOW_LENGTH} sets {@code window.length}; {@code TWINSTREAM_KAFKA_SASL_MECHANISM} sets {@code kafka.sasl.mechanism}. */
    private static Map<String, String> fromEnvironment(final Map<String, String> environment) {
        final Map<String, String> result = new HashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_KAFKA_PREFIX)) {
                result.put(Settings.KAFKA_PREFIX + name.substring(ENV_KAFKA_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
                return;
            }
            if (!name.startsWith(ENV_PREFIX)) {
                return;
            }
            final Setting<?> setting = Settings.ALL.stream().filter(candidate -> candidate.environmentName().equals(name)).findFirst()
                    .orElseThrow(() -> new ConfigException("Unknown environment variable '" + name + "': no setting is called that ('"
                            + ENV_PREFIX + "' + a setting key in upper case with '.' and '-' as '_'; Kafka client settings under '"
                            + ENV_KAFKA_PREFIX + "')."));
            result.put(setting.key(), value);
        });
        return result;
    }

    private void checkCombinations() {
        if (get(Settings.WINDOW_STRIDE) > get(Settings.WINDOW_LENGTH)) {
            throw ConfigException.badValue(Settings.WINDOW_STRIDE.key(), Integer.toString(get(Settings.WINDOW_STRIDE)),
                    "must be at most window.length (" + get(Settings.WINDOW_LENGTH) + ")");
        }
        if (get(Settings.SCORING_MIN_HISTORY) > get(Settings.SCORING_HISTORY)) {
            throw ConfigException.badValue(Settings.SCORING_MIN_HISTORY.key(), Integer.toString(get(Settings.SCORING_MIN_HISTORY)),
                    "must be at most scoring.history (" + get(Settings.SCORING_HISTORY) + ")");
        }
        if (get(Settings.SCORING_HANDOVER_WINDOWS) > get(Settings.SCORING_HISTORY)) {
            throw ConfigException.badValue(Settings.SCORING_HANDOVER_WINDOWS.key(), Integer.toString(get(Settings.SCORING_HANDOVER_WINDOWS)),
                    "must be at most scoring.history (" + get(Settings.SCORING_HISTORY) + ")");
        }
        if (get(Settings.TRAINER_MIN_WINDOWS) > get(Settings.TRAINER_RESERVOIR_SIZE)) {
            throw ConfigException.badValue(Settings.TRAINER_MIN_WINDOWS.key(), Integer.toString(get(Settings.TRAINER_MIN_WINDOWS)),
                    "must be at most trainer.reservoir-size (" + get(Settings.TRAINER_RESERVOIR_SIZE) + "), or no round would ever start");
        }
        if (get(Settings.TRAINER_UNTRAINED_WINDOWS) > get(Settings.TRAINER_RESERVOIR_SIZE)) {
            throw ConfigException.badValue(Settings.TRAINER_UNTRAINED_WINDOWS.key(), Integer.toString(get(Settings.TRAINER_UNTRAINED_WINDOWS)),
                    "must be at most trainer.reservoir-size (" + get(Settings.TRAINER_RESERVOIR_SIZE) + "), or the untrained model would never "
                            + "be published");
        }
        if (get(Settings.APPLICATION_ID).isBlank()) {
            throw ConfigException.badValue(Settings.APPLICATION_ID.key(), "", "must not be empty");
        }
        if (!get(Settings.TOPIC_PREFIX).matches("[a-zA-Z0-9._-]*")) {
            throw ConfigException.badValue(Settings.TOPIC_PREFIX.key(), get(Settings.TOPIC_PREFIX),
                    "may contain only letters, digits, '.', '_' and '-'");
        }
    }

    /** The typed value of a setting. */
    @SuppressWarnings("unchecked")
    public <T> T get(final Setting<T> setting) {
        return (T) values.get(setting);
    }

    /**
     * Scores a series' calibration holds once it is settled: {@code scoring.settled-windows}, or {@code scoring.history}
     * when that is fewer (a calibration holds no more than its history and the scores waiting).
     */
    public int settledWindows() {
        return Math.min(get(Settings.SCORING_SETTLED_WINDOWS), get(Settings.SCORING_HISTORY));
    }

    /** Kafka client settings given under {@code kafka.}, without that prefix. */
    public Map<String, String> kafkaSettings() {
        return kafka;
    }

    /** The topic names behind the configured prefix. */
    public TopicNames topics() {
        return TopicNames.withPrefix(get(Settings.TOPIC_PREFIX));
    }

    /** A copy with some settings replaced (keys as in {@link Settings}); validated like any other. */
    public TwinstreamConfig with(final Map<String, String> overrides) {
        final Map<String, String> raw = new HashMap<>();
        values.forEach((setting, value) -> raw.put(setting.key(), render(value)));
        kafka.forEach((key, value) -> raw.put(Settings.KAFKA_PREFIX + key, value));
        raw.putAll(overrides);
        return load(Map.of(), Map.of(), raw);
    }

    /** The settings whose value is not the default, as {@code key=value} in {@link Settings#ALL} order ("defaults" when none). */
    public String describeChanges() {
        final List<String> changed = new ArrayList<>();
        for (final Setting<?> setting : Settings.ALL) {
            final Object value = values.get(setting);
            if (!Objects.equals(value, setting.parse(setting.defaultValue()))) {
                changed.add(setting.key() + "=" + render(value));
            }
        }
        return changed.isEmpty() ? "defaults" : String.join(", ", changed);
    }

    private static String render(final Object value) {
        return value instanceof Enum<?> constant ? constant.name().toLowerCase(Locale.ROOT) : String.valueOf(value);
    }
}
