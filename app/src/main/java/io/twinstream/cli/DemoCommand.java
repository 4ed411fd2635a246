package io.twinstream.cli;

import io.twinstream.avro.Anomaly;
import io.twinstream.avro.WindowScore;
import io.twinstream.config.Settings;
import io.twinstream.config.TwinstreamConfig;
import io.twinstream.generator.LabelledAnomaly;
import io.twinstream.generator.PointGenerator;
import io.twinstream.observe.ObservabilityServer;
import io.twinstream.observe.TwinstreamMetrics;
import io.twinstream.serde.AvroSerde;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code demo}: an embedded broker, the built-in generator and the service, in one process. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = "Start an embedded single-node Kafka broker, feed it the built-in generator's data and run the service on it.")
final class DemoCommand extends ServiceCommand {

    private static final AvroSerde<Anomaly> ANOMALIES = AvroSerde.of(Anomaly.class);
    private static final AvroSerde<WindowScore> SCORES = AvroSerde.of(WindowScore.class);

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many seconds; 0 runs until Ctrl-C. Default: 0.")
    long durationSeconds;

    @Override
    public Integer call() throws Exception {
        final TwinstreamConfig base = config();
        final long deadline = durationSeconds > 0 ? System.nanoTime() + Duration.ofSeconds(durationSeconds).toNanos() : Long.MAX_VALUE;
        // the signal is closed last, so that a Ctrl-C waits for the broker, the state and its directory to be gone
        try (ShutdownSignal signal = ShutdownSignal.install()) {
            try (TempDirectory stateDir = TempDirectory.create("twinstream-demo-state-")) {
                return runDemo(base, signal, stateDir.path(), deadline);
            }
        }
    }

    private int runDemo(final TwinstreamConfig base, final ShutdownSignal signal, final Path stateDir, final long deadline)
            throws InterruptedException {
        out().println("Starting an embedded Kafka broker...");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(base.get(Settings.EMBEDDED_BROKER_PORT),
                base.get(Settings.EMBEDDED_CONTROLLER_PORT), Map.of())) {
            out().println("Embedded Kafka broker at " + broker.bootstrapServers() + "; creating topics.");
            final TwinstreamConfig config = ClusterSetup.prepare(base.with(Map.of(Settings.BOOTSTRAP_SERVERS.key(),
                    broker.bootstrapServers(), Settings.STATE_DIR.key(), stateDir.toString())));
            final TwinstreamMetrics metrics = Observability.newMetrics(config);
            final boolean failed;
            try (TwinstreamService service = TwinstreamService.start(config, metrics);
                 TrainerService trainer = config.get(Settings.TRAINER_ENABLED) ? TrainerService.start(config, metrics) : null;
                 ObservabilityServer http = Observability.serve(config, service, trainer, metrics);
                 PointPublisher publisher = new PointPublisher(config, config.get(Settings.GENERATOR_RATE))) {
                out().println("Live page and metrics at " + http.address() + " (/metrics, /health, /ready)");
                final AtomicReference<Throwable> feedFailure = new AtomicReference<>();
                final PointGenerator generator = new PointGenerator(config.get(Settings.GENERATOR_SERIES),
                        config.get(Settings.GENERATOR_FEATURES), config.get(Settings.GENERATOR_STEP_MS),
                        config.get(Settings.GENERATOR_ANOMALY_RATE), config.get(Settings.GENERATOR_SEED));
                final Thread feed = startFeed(config, generator, publisher, feedFailure);
                out().println("Demo running: " + config.get(Settings.GENERATOR_SERIES) + " series at "
                        + config.get(Settings.GENERATOR_RATE) + " points/s into '" + config.topics().points() + "'. Ctrl-C stops.");
                try {
                    failed = runUntilStopped(service, trainer, metrics, signal, Duration.ofSeconds(config.get(Settings.PROGRESS_INTERVAL_S)), deadline);
                } finally {
                    feed.interrupt();
                    feed.join();
                }
                if (feedFailure.get() != null) {
                    spec.commandLine().getErr().println("Error: the generator feed failed: " + ClusterSetup.rootMessage(feedFailure.get()));
                    return 1;
                }
                publisher.flush();
                out().println("Sent " + publisher.sent() + " records, " + publisher.acknowledged() + " acknowledged by the broker.");
                final List<LabelledAnomaly> labels = List.copyOf(generator.labels()); // the feed thread has ended
                final DetectionReport report = DetectionReport.of(labels,
                        TopicContents.read(config, config.topics().anomalies(), record -> ANOMALIES.decode(record.value())),
                        TopicContents.read(config, config.topics().scores(), record -> SCORES.decode(record.value())));
                out().println("Against the generator's labels, while a model was scoring: " + report.describe());
            }
            return failed ? 1 : 0;
        }
    }

    private Thread startFeed(final TwinstreamConfig config, final PointGenerator generator, final PointPublisher publisher,
                             final AtomicReference<Throwable> failure) {
        final GeneratorFeed feed = new GeneratorFeed(generator, publisher, config.get(Settings.GENERATOR_BAD_RECORD_RATE),
                config.get(Settings.GENERATOR_SEED));
        final Thread thread = new Thread(() -> {
            try {
                feed.run(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure.set(e);
            }
        }, "twinstream-demo-feed");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
