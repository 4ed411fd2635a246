package io.twinstream.cli;

import io.twinstream.config.Settings;
import io.twinstream.config.TwinstreamConfig;
import io.twinstream.generator.LabelledAnomaly;
import io.twinstream.generator.PointGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code produce}: sends CSV series or the built-in generator's data into the points topic. */
@Command(name = "produce", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = "Send data points to the points topic: CSV files in NAB layout, or the built-in generator.")
final class ProduceCommand extends ServiceCommand {

    static final class Source {
        @Option(names = "--csv", paramLabel = "PATH", description = "A CSV file or a folder of them (timestamp,value; series id from the file name).")
        Path csv;

        @Option(names = "--generator", description = "Use the built-in generator (settings generator.*).")
        boolean generator;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--count", paramLabel = "N", description = "Generator: points to send; 0 sends until Ctrl-C. Default: 10000.")
    long count = 10_000;

    @Option(names = "--rate", paramLabel = "POINTS_PER_S", description = "Points per second. Default: generator.rate.")
    Double rate;

    @Option(names = "--labels", paramLabel = "FILE", description = "Generator: write the injected anomalies here as CSV (seriesId,kind,startTime,endTime).")
    Path labels;

    @Override
    public Integer call() throws Exception {
        final TwinstreamConfig config = config();
        requireBootstrapServers(config, "produce");
        ClusterSetup.prepare(config);
                final double pointsPerSecond = rate != null ? rate : config.get(Settings.GENERATOR_RATE);
        try (PointPublisher publisher = new PointPublisher(config, pointsPerSecond)) {
            if (source.csv != null) {
                for (final Path file : CsvPointSource.files(source.csv)) {
                    final long rows = CsvPointSource.read(file, publisher::send);
                    out().println("Sent " + rows + " points of series '" + CsvPointSource.seriesId(file) + "' from " + file);
                    out().flush();
                }
            } else {
                final PointGenerator generator = new PointGenerator(config.get(Settings.GENERATOR_SERIES),
                        config.get(Settings.GENERATOR_FEATURES), config.get(Settings.GENERATOR_STEP_MS),
                        config.get(Settings.GENERATOR_ANOMALY_RATE), config.get(Settings.GENERATOR_SEED));
                final GeneratorFeed feed = new GeneratorFeed(generator, publisher, config.get(Settings.GENERATOR_BAD_RECORD_RATE),
                        config.get(Settings.GENERATOR_SEED));
                feed.run(count);
                if (labels != null) {
                    writeLabels(generator.labels(), labels);
                }
                out().println("Generator: " + generator.labels().size() + " anomalies injected, " + feed.broken() + " records broken on purpose.");
            }
            publisher.checkFailures();
            out().println("Sent " + publisher.sent() + " records to '" + config.topics().points() + "'.");
        }
        return 0;
    }

    private static void writeLabels(final List<LabelledAnomaly> anomalies, final Path file) throws IOException {
        try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            writer.println("seriesId,kind,startTime,endTime");
            for (final LabelledAnomaly anomaly : anomalies) {
                writer.println(anomaly.seriesId() + "," + anomaly.kind() + "," + anomaly.startTime() + "," + anomaly.endTime());
            }
        }
    }
}
