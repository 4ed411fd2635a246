package io.twinstream.cli;

import io.twinstream.config.ConfigException;
import io.twinstream.config.Setting;
import io.twinstream.config.Settings;
import io.twinstream.config.TwinstreamConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Gives a command one {@code --key VALUE} option per setting (so {@code --help} lists every setting with its default),
 * plus {@code --config FILE} and {@code --set key=value} for anything else (such as {@code kafka.*}), and resolves
 * them with the environment into a {@link TwinstreamConfig}.
 */
final class ConfigOptions {

    static final String CONFIG_FILE_OPTION = "--config";
    static final String SET_OPTION = "--set";

    private ConfigOptions() {
    }

    /** Adds the setting options to a command. */
    static void addTo(final CommandSpec spec) {
        spec.addOption(OptionSpec.builder(CONFIG_FILE_OPTION).paramLabel("FILE").type(Path.class)
                .description("Properties file of settings (overridden by TWINSTREAM_* environment variables and flags).").build());
        spec.addOption(OptionSpec.builder("-D", SET_OPTION).paramLabel("KEY=VALUE").type(Map.class).auxiliaryTypes(String.class, String.class)
                .description("Any setting as key=value, repeatable; Kafka client settings as kafka.<name>=value (SASL, TLS...).").build());
        for (final Setting<?> setting : Settings.ALL) {
            final String shown = setting.defaultValue().isEmpty() ? "(none)" : setting.defaultValue();
            spec.addOption(OptionSpec.builder("--" + setting.key()).paramLabel("VALUE").type(String.class)
                    .description(setting.description() + " Default: " + shown + ". Env: " + setting.environmentName() + ".").build());
        }
    }

    /** The configuration from defaults, the file, the environment and this command line. */
    static TwinstreamConfig resolve(final CommandSpec spec, final Map<String, String> environment) {
        final ParseResult parsed = spec.commandLine().getParseResult();
        final Map<String, String> flags = new HashMap<>();
        final OptionSpec set = spec.findOption(SET_OPTION);
        if (parsed.hasMatchedOption(set)) {
            final Map<String, String> pairs = set.getValue();
            flags.putAll(pairs);
        }
        for (final Setting<?> setting : Settings.ALL) {
            final OptionSpec option = spec.findOption("--" + setting.key());
            if (parsed.hasMatchedOption(option)) {
                flags.put(setting.key(), option.getValue());
            }
        }
        final OptionSpec file = spec.findOption(CONFIG_FILE_OPTION);
        final Map<String, String> fromFile = parsed.hasMatchedOption(file) ? readFile(file.getValue()) : Map.of();
        return TwinstreamConfig.load(fromFile, environment, flags);
    }

    private static Map<String, String> readFile(final Path path) {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration file '" + path + "': " + e.getMessage());
        }
        final Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return values;
    }

    /** Adds the setting options to every subcommand of {@code commandLine}. */
    static CommandLine addToSubcommands(final CommandLine commandLine) {
        commandLine.getSubcommands().values().forEach(sub -> addTo(sub.getCommandSpec()));
        return commandLine;
    }
}
