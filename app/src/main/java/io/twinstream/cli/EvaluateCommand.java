package io.twinstream.cli;

import io.twinstream.config.TwinstreamConfig;
import io.twinstream.evaluate.AnomalyEvaluation;
import io.twinstream.evaluate.NabCorpus;
import io.twinstream.evaluate.SequenceData;
import io.twinstream.evaluate.SyntheticEvaluation;
import io.twinstream.evaluate.SyntheticReport;
import io.twinstream.config.Settings;
import io.twinstream.model.NativeEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code evaluate anomalies}: anomaly quality on a labelled corpus in NAB's layout; {@code evaluate synthetic}: the
 * synthetic sequences' quality by the TimeGAN protocol.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = "Evaluate the service's output. 'anomalies' replays every file of a NAB-layout folder through the service's "
                + "topology with online training and reports NAB scores and per-category precision, recall and F1. 'synthetic' trains "
                + "the model on the Sines set or a CSV's windows and reports the discriminative and predictive scores of its sequences.")
final class EvaluateCommand extends ServiceCommand {

    /** The Sines set's size as the protocol defines it. */
    private static final int SINES_COUNT = 10_000;
    private static final int SINES_FEATURES = 5;

    @Parameters(index = "0", paramLabel = "WHAT", description = "What to evaluate: anomalies or synthetic.")
    String what;

    @Option(names = "--data", paramLabel = "DIR|sines|FILE",
            description = "anomalies: folder of <category>/<name>.csv files (timestamp,value). synthetic: 'sines' or a CSV of numeric columns.")
    String data;

    @Option(names = "--labels", paramLabel = "FILE", description = "The labelled windows, NAB's combined_windows.json.")
    Path labels;

    @Option(names = "--out", paramLabel = "DIR", description = "Where results, pictures and report.md go. Default: evaluation.")
    Path out = Path.of("evaluation");

    @Option(names = "--jobs", paramLabel = "N",
            description = "Files replayed (or scoring repeats run) at once, each on one core. Default: the number of cores.")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = "--steps", paramLabel = "N", description = "synthetic: adversarial training steps. Default: ${DEFAULT-VALUE}.")
    int steps = 10_000;

    @Option(names = "--repeats", paramLabel = "N", description = "synthetic: times the post-hoc models are trained afresh. Default: ${DEFAULT-VALUE}.")
    int repeats = 10;

    @Option(names = "--length", paramLabel = "STEPS", description = "synthetic: steps per sequence. Default: ${DEFAULT-VALUE}.")
    int length = 24;

    @Override
    public Integer call() throws Exception {
        if (jobs < 1) {
            throw new IllegalArgumentException("--jobs must be at least 1, not " + jobs);
        }
        return switch (what) {
            case "anomalies" -> anomalies();
            case "synthetic" -> synthetic();
            default -> throw new IllegalArgumentException("Unknown evaluation '" + what + "'; there are: anomalies, synthetic");
        };
    }

    private int anomalies() throws Exception {
        final Path dataDir = data == null ? null : Path.of(data);
        if (dataDir == null || !Files.isDirectory(dataDir)) {
            throw new IllegalArgumentException("--data must name a folder of <category>/<name>.csv files, not " + data);
        }
        if (labels == null || !Files.isRegularFile(labels)) {
            throw new IllegalArgumentException("--labels must name the labels file (combined_windows.json), not " + labels);
        }
        final TwinstreamConfig config = config();
        NativeEnvironment.prepare();
        final List<NabCorpus.DataFile> corpus = NabCorpus.read(dataDir, labels);
        Files.createDirectories(out);
        out().println("Evaluating " + corpus.size() + " files from " + data + " into " + out);
        out().flush();
        final String report = new AnomalyEvaluation(config, out()).run(corpus, out, jobs);
        out().println();
        out().println(report);
        out().println("Report: " + out.resolve("report.md"));
        return 0;
    }

    private int synthetic() throws Exception {
        if (data == null) {
            throw new IllegalArgumentException("--data must be 'sines' or a CSV file of numeric columns");
        }
        if (steps < 1 || repeats < 1 || length < 2) {
            throw new IllegalArgumentException("--steps and --repeats must be at least 1 and --length at least 2, not " + steps + ", "
                    + repeats + ", " + length);
        }
        final TwinstreamConfig config = config();
        final SequenceData sequences;
        if ("sines".equals(data)) {
            sequences = SequenceData.sines(SINES_COUNT, length, SINES_FEATURES, config.get(Settings.MODEL_SEED));
        } else if (Files.isRegularFile(Path.of(data))) {
            sequences = SequenceData.fromCsv(Path.of(data), length, config.get(Settings.MODEL_SEED));
        } else {
            throw new IllegalArgumentException("--data must be 'sines' or a CSV file of numeric columns; there is no file " + data);
        }
        NativeEnvironment.prepare();
        Files.createDirectories(out);
        out().println("Evaluating synthetic sequences on " + sequences.name() + " into " + out);
        out().flush();
        final SyntheticEvaluation.Result result = new SyntheticEvaluation(config, out()).run(sequences, steps, repeats, jobs);
        final String report = SyntheticReport.write(result, config, out);
        out().println();
        out().println(report);
        out().println("Report: " + out.resolve("report.md"));
        return 0;
    }
}
