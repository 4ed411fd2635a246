package io.twinstream.cli;

import io.twinstream.config.ConfigException;
import io.twinstream.model.NativeEnvironment;
import java.io.UncheckedIOException;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code twinstream run | demo | produce}. */
@Command(name = "twinstream", mixinStandardHelpOptions = true, version = "twinstream 0.1.0",
        description = "Streaming anomaly detection and data augmentation with a GAN-RNN on Kafka Streams.",
        subcommands = {RunCommand.class, DemoCommand.class, ProduceCommand.class, EvaluateCommand.class, BenchCommand.class})
public final class Main implements Runnable {

    /** Exit code for a configuration error. */
    static final int EXIT_CONFIG = 2;

    public static void main(final String[] args) {
        NativeEnvironment.prepare(); // before anything loads the native BLAS
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (0 when it succeeded). */
    public static int execute(final String... args) {
        final CommandLine commandLine = ConfigOptions.addToSubcommands(new CommandLine(new Main()));
        commandLine.setExecutionExceptionHandler((error, cmd, parsed) -> {
            if (error instanceof ConfigException) {
                cmd.getErr().println("Configuration error: " + error.getMessage());
                return EXIT_CONFIG;
            }
            if (error instanceof IllegalStateException || error instanceof IllegalArgumentException
                    || error instanceof UncheckedIOException) {
                cmd.getErr().println("Error: " + error.getMessage());
                return 1;
            }
            if (error instanceof KafkaException) {
                // e.g. a kafka.* client setting the client refuses: its own message, and the cause that explains it
                final String root = ClusterSetup.rootMessage(error);
                cmd.getErr().println("Kafka client error: " + error.getMessage() + (error.getCause() == null ? "" : "; caused by " + root));
                return causedBySetting(error) ? EXIT_CONFIG : 1;
            }
            throw error;
        });
        return commandLine.execute(args);
    }

    /** Whether a Kafka client refused one of its settings somewhere in the error's causes. */
    private static boolean causedBySetting(final Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof org.apache.kafka.common.config.ConfigException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
