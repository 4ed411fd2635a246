package io.twinstream.cli;

import io.twinstream.config.ConfigException;
import io.twinstream.config.Settings;
import io.twinstream.config.TwinstreamConfig;
import io.twinstream.observe.TwinstreamMetrics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What the commands share: the resolved configuration and the loop that runs the service until told to stop. */
abstract class ServiceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** The configuration from defaults, file, environment and this command's flags. */
    TwinstreamConfig config() {
        return ConfigOptions.resolve(spec, System.getenv());
    }

    static void requireBootstrapServers(final TwinstreamConfig config, final String command) {
        if (config.get(Settings.BOOTSTRAP_SERVERS).isBlank()) {
            throw new ConfigException("Setting 'bootstrap.servers' is empty: '" + command + "' needs the Kafka brokers to connect to "
                    + "(--bootstrap.servers host:port or TWINSTREAM_BOOTSTRAP_SERVERS); 'demo' runs without a cluster.");
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /**
     * Prints a progress line every interval until a stop is requested, the deadline passes, or the service stops.
     *
     * @param trainer the trainer running beside the service, or null
     * @param deadlineNanos {@link System#nanoTime()} to stop at, or {@link Long#MAX_VALUE}
     * @return true when the service stopped by itself (a failure)
     */
    boolean runUntilStopped(final TwinstreamService service, final TrainerService trainer, final TwinstreamMetrics metrics,
                            final ShutdownSignal signal, final Duration interval, final long deadlineNanos) throws InterruptedException {
        final ProgressLine progress = new ProgressLine(metrics);
        boolean trainerFailureShown = false;
        while (true) {
            final long left = deadlineNanos - System.nanoTime();
            final boolean deadlineFirst = left < interval.toNanos();
            if (signal.awaitStop(deadlineFirst ? Duration.ofNanos(Math.max(0, left)) : interval) || deadlineFirst) {
                out().println(progress.next("STOPPING"));
                out().flush();
                return false;
            }
            out().println(progress.next(service.state().name()));
            out().flush();
            if (trainer != null && trainer.failure() != null && !trainerFailureShown) {
                trainerFailureShown = true;
                spec.commandLine().getErr().println("Error: the trainer stopped (scoring goes on with the current model): "
                        + ClusterSetup.rootMessage(trainer.failure()));
            }
            if (service.stopped()) {
                final Throwable failure = service.failure();
                spec.commandLine().getErr().println("Error: the service stopped" + (failure == null ? "" : ": " + ClusterSetup.rootMessage(failure)));
                return true;
            }
        }
    }
}
