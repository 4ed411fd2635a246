package io.twinstream.cli;

import io.twinstream.config.Settings;
import io.twinstream.config.TwinstreamConfig;
import io.twinstream.observe.ObservabilityServer;
import io.twinstream.observe.TwinstreamMetrics;
import java.time.Duration;
import picocli.CommandLine.Command;

/** {@code run}: the service against an existing cluster. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = "Run the service against the Kafka cluster at bootstrap.servers.")
final class RunCommand extends ServiceCommand {

    @Override
    public Integer call() throws Exception {
        final TwinstreamConfig requested = config();
        requireBootstrapServers(requested, "run");
        final TwinstreamConfig config = ClusterSetup.prepare(requested);
        final TwinstreamMetrics metrics = Observability.newMetrics(config);
        try (ShutdownSignal signal = ShutdownSignal.install(); TwinstreamService service = TwinstreamService.start(config, metrics);
             TrainerService trainer = config.get(Settings.TRAINER_ENABLED) ? TrainerService.start(config, metrics) : null;
             ObservabilityServer http = Observability.serve(config, service, trainer, metrics)) {
            out().println("Twinstream running against " + config.get(Settings.BOOTSTRAP_SERVERS) + " as '"
                    + config.get(Settings.APPLICATION_ID) + "'; reading " + config.topics().points() + ". Ctrl-C stops.");
            out().println("Live page and metrics at " + http.address() + " (/metrics, /health, /ready)");
            final boolean failed = runUntilStopped(service, trainer, metrics, signal,
                    Duration.ofSeconds(config.get(Settings.PROGRESS_INTERVAL_S)), Long.MAX_VALUE);
            return failed ? 1 : 0;
        }
    }
}
